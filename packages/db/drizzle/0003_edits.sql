-- Edits (issue 12): versions with their own status and moderation, the public (last approved) version.
ALTER TABLE `model_media_library` ADD `public_version` int unsigned;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `status` enum('rendering','ready','failed') DEFAULT 'rendering' NOT NULL;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `reverted_from` int unsigned;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `error` text;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `moderation_status` enum('pending','approved','rejected','flagged') DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `moderated_by` bigint unsigned;--> statement-breakpoint
ALTER TABLE `media_edits` ADD `moderated_at` datetime(3);--> statement-breakpoint
ALTER TABLE `media_edits` ADD `moderation_reason` varchar(500);--> statement-breakpoint
ALTER TABLE `media_edits` ADD `variants_purged_at` datetime(3);--> statement-breakpoint
ALTER TABLE `moderation_requests` ADD `version` int unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `media_edits` ADD CONSTRAINT `media_edits_moderated_by_users_id_fk` FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
UPDATE `model_media_library` SET `public_version` = `current_version` WHERE `moderation_status` = 'approved';
