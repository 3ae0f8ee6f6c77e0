-- Security incidents raised by the monitoring rules, the API key of a security event, a model's paused public delivery (issue 14).
CREATE TABLE `security_incidents` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`rule` varchar(64) NOT NULL,
	`severity` enum('low','medium','high','critical') NOT NULL,
	`subject_type` enum('ip','user','api_key','model') NOT NULL,
	`subject_id` varchar(64) NOT NULL,
	`active_key` varchar(191),
	`state` enum('open','acknowledged','resolved') NOT NULL DEFAULT 'open',
	`summary` varchar(500) NOT NULL,
	`count` int unsigned NOT NULL,
	`notified_count` int unsigned NOT NULL DEFAULT 0,
	`evidence` json NOT NULL,
	`first_seen_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3) NOT NULL,
	`acknowledged_by` bigint unsigned,
	`acknowledged_at` datetime(3),
	`acknowledge_note` varchar(2000),
	`resolved_by` bigint unsigned,
	`resolved_at` datetime(3),
	`resolve_note` varchar(2000),
	`responses` json NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `security_incidents_id` PRIMARY KEY(`id`),
	CONSTRAINT `security_incidents_active_uq` UNIQUE(`active_key`)
);
--> statement-breakpoint
ALTER TABLE `security_events` ADD `api_key_id` bigint unsigned;--> statement-breakpoint
ALTER TABLE `models` ADD `public_paused_at` datetime(3);--> statement-breakpoint
ALTER TABLE `security_incidents` ADD CONSTRAINT `security_incidents_acknowledged_by_users_id_fk` FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `security_incidents` ADD CONSTRAINT `security_incidents_resolved_by_users_id_fk` FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `security_incidents_state_idx` ON `security_incidents` (`state`,`id`);--> statement-breakpoint
ALTER TABLE `security_events` ADD CONSTRAINT `security_events_api_key_id_api_keys_id_fk` FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON DELETE set null ON UPDATE no action;