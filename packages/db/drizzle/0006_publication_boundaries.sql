-- The next publication-window boundary of a model, read per uncached public page (issue 13).
CREATE INDEX `idx_publish_from` ON `model_media_library` (`model_id`,`publish_from`);--> statement-breakpoint
CREATE INDEX `idx_publish_until` ON `model_media_library` (`model_id`,`publish_until`);