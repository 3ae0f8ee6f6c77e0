-- A category's public order as one descending sort key, so its first page reads the index backwards (issue 13).
DROP INDEX `idx_public_category` ON `model_media_library`;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `public_position` bigint GENERATED ALWAYS AS (case when `public_order` is null then 0 else 2147483648 - `public_order` end) STORED;--> statement-breakpoint
CREATE INDEX `idx_public_category` ON `model_media_library` (`model_id`,`category_id`,`public_position`,`upload_date`,`id`);