-- Reverts 0000_init: drops every table it created, children before parents so no foreign key is in the way.
DROP TABLE IF EXISTS `audit_log`;
--> statement-breakpoint
DROP TABLE IF EXISTS `security_events`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_analytics`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_edits`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_metadata`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_operations`;
--> statement-breakpoint
DROP TABLE IF EXISTS `media_variants`;
--> statement-breakpoint
DROP TABLE IF EXISTS `moderation_requests`;
--> statement-breakpoint
DROP TABLE IF EXISTS `moderation_events`;
--> statement-breakpoint
DROP TABLE IF EXISTS `outbox`;
--> statement-breakpoint
DROP TABLE IF EXISTS `model_media_library`;
--> statement-breakpoint
DROP TABLE IF EXISTS `model_media_categories`;
--> statement-breakpoint
DROP TABLE IF EXISTS `api_keys`;
--> statement-breakpoint
DROP TABLE IF EXISTS `model_members`;
--> statement-breakpoint
DROP TABLE IF EXISTS `sessions`;
--> statement-breakpoint
DROP TABLE IF EXISTS `users`;
--> statement-breakpoint
DROP TABLE IF EXISTS `models`;
