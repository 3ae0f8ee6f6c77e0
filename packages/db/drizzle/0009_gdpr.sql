CREATE TABLE `model_exports` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`requested_by` bigint unsigned,
	`status` enum('queued','running','ready','failed','expired') NOT NULL DEFAULT 'queued',
	`token_hash` char(64) NOT NULL,
	`storage_key` varchar(512),
	`bytes` bigint unsigned,
	`error` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`completed_at` datetime(3),
	`expires_at` datetime(3) NOT NULL,
	CONSTRAINT `model_exports_id` PRIMARY KEY(`id`),
	CONSTRAINT `model_exports_token_hash_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
ALTER TABLE `models` ADD `erasing_at` datetime(3);--> statement-breakpoint
ALTER TABLE `model_exports` ADD CONSTRAINT `model_exports_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_exports` ADD CONSTRAINT `model_exports_requested_by_users_id_fk` FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `model_exports_model_created_idx` ON `model_exports` (`model_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `model_exports_expires_idx` ON `model_exports` (`expires_at`);