-- Reverts 0002_library: the library's filter and sort columns and indexes, the full-text index, and tags.
DROP INDEX `ft_media_search` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_status` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_category` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_width` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_bytes` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_name` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_taken` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_library_upload` ON `model_media_library`;
--> statement-breakpoint
DROP TABLE `media_tag_links`;
--> statement-breakpoint
DROP TABLE `media_tags`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `revision`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `focal_y`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `focal_x`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `search_text`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `tag_names`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `width_sort`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `taken_sort`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `orientation`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `has_gps`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `camera_model`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `camera_make`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `taken_at`;
