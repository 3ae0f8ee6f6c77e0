-- Reverts 0006_publication_boundaries.
DROP INDEX `idx_publish_until` ON `model_media_library`;
--> statement-breakpoint
DROP INDEX `idx_publish_from` ON `model_media_library`;
