-- Reverts 0001_moderation: the moderation reason and verdict ordering columns, and the settings default.
ALTER TABLE `moderation_requests` DROP COLUMN `verdict_at`;
--> statement-breakpoint
ALTER TABLE `moderation_requests` DROP COLUMN `verdict`;
--> statement-breakpoint
ALTER TABLE `moderation_requests` DROP COLUMN `labels`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `moderation_verdict_at`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `moderation_reason`;
--> statement-breakpoint
ALTER TABLE `models` MODIFY COLUMN `settings` json NOT NULL DEFAULT ('{"watermark":{"enabled":false,"text":null,"position":"bottom-right","opacity":0.5},"moderation":{"provider":null,"autoApprove":true,"rejectAt":0.85,"flagAt":0.5,"flagSexyAt":0.7},"variants":{"formats":["webp","jpeg"]}}');
