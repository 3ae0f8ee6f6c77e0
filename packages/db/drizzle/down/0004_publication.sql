-- Reverts 0004_publication: windows, public order, consent expiry, image URL tokens and daily analytics.
DROP INDEX `idx_public_category` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_public_gallery` ON `model_media_library`;
--> statement-breakpoint
DROP TABLE `media_public_tokens`;
--> statement-breakpoint
DROP TABLE `media_analytics_daily`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `consent_expires_at`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `public_order`, DROP COLUMN `publish_until`, DROP COLUMN `publish_from`;
