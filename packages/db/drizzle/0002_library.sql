CREATE TABLE `media_tag_links` (
	`media_id` bigint unsigned NOT NULL,
	`tag_id` bigint unsigned NOT NULL,
	CONSTRAINT `media_tag_links_media_id_tag_id_pk` PRIMARY KEY(`media_id`,`tag_id`)
);
--> statement-breakpoint
CREATE TABLE `media_tags` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`name` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `media_tags_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_tags_model_name_uq` UNIQUE(`model_id`,`name`)
);
--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `taken_at` datetime(3);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `camera_make` varchar(100);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `camera_model` varchar(100);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `has_gps` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `orientation` enum('landscape','portrait','square');--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `taken_sort` datetime(3) GENERATED ALWAYS AS (coalesce(`taken_at`, TIMESTAMP'1000-01-01 00:00:00.000')) STORED;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `width_sort` int unsigned GENERATED ALWAYS AS (coalesce(`width`, 0)) STORED;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `tag_names` text;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `search_text` text GENERATED ALWAYS AS (concat(' m', `model_id`, 'x', regexp_replace(regexp_replace(lower(concat_ws(' ', `original_filename`, `alt_text`, `caption`, `tag_names`)), '^[^[:alnum:]_]+|[^[:alnum:]_]+$', ''), '[^[:alnum:]_]+', concat(' m', `model_id`, 'x')), ' ')) STORED;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `focal_x` double;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `focal_y` double;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `revision` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `media_tag_links` ADD CONSTRAINT `media_tag_links_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_tag_links` ADD CONSTRAINT `media_tag_links_tag_id_media_tags_id_fk` FOREIGN KEY (`tag_id`) REFERENCES `media_tags`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_tags` ADD CONSTRAINT `media_tags_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `media_tag_links_tag_idx` ON `media_tag_links` (`tag_id`,`media_id`);--> statement-breakpoint
CREATE INDEX `idx_library_upload` ON `model_media_library` (`model_id`,`deleted_at`,`upload_date`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_taken` ON `model_media_library` (`model_id`,`deleted_at`,`taken_sort`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_name` ON `model_media_library` (`model_id`,`deleted_at`,`original_filename`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_bytes` ON `model_media_library` (`model_id`,`deleted_at`,`bytes`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_width` ON `model_media_library` (`model_id`,`deleted_at`,`width_sort`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_category` ON `model_media_library` (`model_id`,`deleted_at`,`category_id`,`moderation_status`,`upload_date`,`id`);--> statement-breakpoint
CREATE INDEX `idx_library_status` ON `model_media_library` (`model_id`,`deleted_at`,`moderation_status`,`upload_date`,`id`);--> statement-breakpoint
CREATE FULLTEXT INDEX `ft_media_search` ON `model_media_library` (`search_text`);--> statement-breakpoint
UPDATE `model_media_library` SET `orientation` = CASE WHEN `width` IS NULL OR `height` IS NULL THEN NULL WHEN `width` > `height` THEN 'landscape' WHEN `width` < `height` THEN 'portrait' ELSE 'square' END;--> statement-breakpoint
UPDATE `model_media_library` `m` JOIN `media_metadata` `md` ON `md`.`media_id` = `m`.`id` SET
  `m`.`camera_make` = LEFT(JSON_UNQUOTE(JSON_EXTRACT(`md`.`exif_data`, '$.camera.make')), 100),
  `m`.`camera_model` = LEFT(JSON_UNQUOTE(JSON_EXTRACT(`md`.`exif_data`, '$.camera.model')), 100),
  `m`.`has_gps` = JSON_EXTRACT(`md`.`exif_data`, '$.gps.latitude') IS NOT NULL,
  `m`.`taken_at` = CASE
    WHEN JSON_UNQUOTE(JSON_EXTRACT(`md`.`exif_data`, '$.dateTaken')) REGEXP '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
    THEN STR_TO_DATE(LEFT(JSON_UNQUOTE(JSON_EXTRACT(`md`.`exif_data`, '$.dateTaken')), 19), '%Y-%m-%dT%H:%i:%s')
    ELSE NULL END
WHERE `md`.`exif_data` IS NOT NULL;
