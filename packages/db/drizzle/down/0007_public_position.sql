-- Reverts 0007_public_position.
DROP INDEX `idx_public_category` ON `model_media_library`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `public_position`;
--> statement-breakpoint
CREATE INDEX `idx_public_category` ON `model_media_library` (`model_id`,`category_id`,`public_order`,`upload_date`,`id`);
