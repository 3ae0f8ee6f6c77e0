ALTER TABLE `models` MODIFY COLUMN `settings` json NOT NULL DEFAULT ('{"watermark":{"enabled":false,"text":null,"imageMediaId":null,"position":"bottom-right","opacity":0.5},"moderation":{"provider":null,"autoApprove":true,"rejectAt":0.85,"flagAt":0.5,"flagSexyAt":0.7},"variants":{"formats":["webp","jpeg"]}}');--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `moderation_reason` varchar(500);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `moderation_verdict_at` datetime(3);--> statement-breakpoint
ALTER TABLE `moderation_requests` ADD `labels` json;--> statement-breakpoint
ALTER TABLE `moderation_requests` ADD `verdict` enum('pending','approved','rejected','flagged');--> statement-breakpoint
ALTER TABLE `moderation_requests` ADD `verdict_at` datetime(3);