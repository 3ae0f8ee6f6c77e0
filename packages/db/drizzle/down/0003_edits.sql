-- Reverts 0003_edits: version status and moderation, the public version.
ALTER TABLE `media_edits` DROP FOREIGN KEY `media_edits_moderated_by_users_id_fk`;
--> statement-breakpoint
ALTER TABLE `moderation_requests` DROP COLUMN `version`;
--> statement-breakpoint
ALTER TABLE `media_edits` DROP COLUMN `variants_purged_at`, DROP COLUMN `moderation_reason`, DROP COLUMN `moderated_at`, DROP COLUMN `moderated_by`, DROP COLUMN `moderation_status`, DROP COLUMN `error`, DROP COLUMN `reverted_from`, DROP COLUMN `status`;
--> statement-breakpoint
ALTER TABLE `model_media_library` DROP COLUMN `public_version`;
