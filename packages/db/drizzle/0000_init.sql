CREATE TABLE `media_analytics` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`view_count` int unsigned NOT NULL DEFAULT 0,
	`download_count` int unsigned NOT NULL DEFAULT 0,
	`edit_count` int unsigned NOT NULL DEFAULT 0,
	`engagement_score` decimal(5,2) NOT NULL DEFAULT 0,
	`last_viewed_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `media_analytics_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_analytics_media_uq` UNIQUE(`media_id`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor_user_id` bigint unsigned,
	`actor_api_key_id` bigint unsigned,
	`model_id` bigint unsigned,
	`action` varchar(100) NOT NULL,
	`target_type` varchar(50),
	`target_id` varchar(64),
	`details` json,
	`ip` varchar(45),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `security_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`type` varchar(64) NOT NULL,
	`user_id` bigint unsigned,
	`email` varchar(254),
	`ip` varchar(45),
	`details` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `security_events_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `model_media_categories` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`name` varchar(100) NOT NULL,
	`color` char(7) NOT NULL DEFAULT '#6c757d',
	`sort_order` int NOT NULL DEFAULT 0,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `model_media_categories_id` PRIMARY KEY(`id`),
	CONSTRAINT `categories_model_name_uq` UNIQUE(`model_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `model_media_library` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`category_id` bigint unsigned,
	`original_filename` varchar(255) NOT NULL,
	`alt_text` varchar(500),
	`caption` text,
	`mime_type` varchar(100) NOT NULL,
	`bytes` bigint unsigned NOT NULL,
	`width` int unsigned,
	`height` int unsigned,
	`sha256` char(64) NOT NULL,
	`phash` char(16),
	`storage_key` varchar(512) NOT NULL,
	`processing_status` enum('uploaded','processing','ready','failed') NOT NULL DEFAULT 'uploaded',
	`processing_error` text,
	`moderation_status` enum('pending','approved','rejected','flagged') NOT NULL DEFAULT 'pending',
	`moderated_by` bigint unsigned,
	`moderated_at` datetime(3),
	`current_version` int unsigned NOT NULL DEFAULT 0,
	`placeholder` varchar(100),
	`dominant_color` char(7),
	`uploaded_by` bigint unsigned,
	`upload_date` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`deleted_at` datetime(3),
	CONSTRAINT `model_media_library_id` PRIMARY KEY(`id`),
	CONSTRAINT `uq_model_sha256` UNIQUE(`model_id`,`sha256`)
);
--> statement-breakpoint
CREATE TABLE `media_edits` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`version` int unsigned NOT NULL,
	`operations` json NOT NULL,
	`author_user_id` bigint unsigned,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `media_edits_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_edits_media_version_uq` UNIQUE(`media_id`,`version`)
);
--> statement-breakpoint
CREATE TABLE `media_metadata` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`basic_info` json,
	`exif_data` json,
	`color_data` json,
	`extracted_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `media_metadata_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_metadata_media_uq` UNIQUE(`media_id`)
);
--> statement-breakpoint
CREATE TABLE `media_operations` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`operation` varchar(64) NOT NULL,
	`params` json,
	`status` enum('queued','running','succeeded','failed') NOT NULL DEFAULT 'queued',
	`job_id` varchar(255),
	`processing_ms` int unsigned,
	`error` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`started_at` datetime(3),
	`finished_at` datetime(3),
	CONSTRAINT `media_operations_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `media_variants` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`version` int unsigned NOT NULL,
	`preset` varchar(32) NOT NULL,
	`format` varchar(16) NOT NULL,
	`width` int unsigned NOT NULL,
	`height` int unsigned NOT NULL,
	`bytes` bigint unsigned NOT NULL,
	`storage_key` varchar(512) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `media_variants_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_variants_version_preset_format_uq` UNIQUE(`media_id`,`version`,`preset`,`format`)
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`slug` varchar(64) NOT NULL,
	`display_name` varchar(191) NOT NULL,
	`settings` json NOT NULL DEFAULT ('{"watermark":{"enabled":false,"text":null,"position":"bottom-right","opacity":0.5},"moderation":{"provider":null,"autoApprove":true,"rejectAt":0.85,"flagAt":0.5,"flagSexyAt":0.7},"variants":{"formats":["webp","jpeg"]}}'),
	`archived_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `models_id` PRIMARY KEY(`id`),
	CONSTRAINT `models_slug_uq` UNIQUE(`slug`)
);
--> statement-breakpoint
CREATE TABLE `moderation_events` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`provider` enum('local','http','manual') NOT NULL,
	`event_id` varchar(255) NOT NULL,
	`event_type` varchar(100) NOT NULL,
	`payload` json NOT NULL,
	`received_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`processed_at` datetime(3),
	`error` text,
	CONSTRAINT `moderation_events_id` PRIMARY KEY(`id`),
	CONSTRAINT `moderation_events_provider_event_uq` UNIQUE(`provider`,`event_id`)
);
--> statement-breakpoint
CREATE TABLE `moderation_requests` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`provider` enum('local','http','manual') NOT NULL,
	`external_id` varchar(255),
	`status` enum('pending','approved','rejected','flagged') NOT NULL DEFAULT 'pending',
	`scores` json,
	`model_name` varchar(100),
	`model_version` varchar(50),
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`submitted_at` datetime(3),
	`answered_at` datetime(3),
	`error` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `moderation_requests_id` PRIMARY KEY(`id`),
	CONSTRAINT `moderation_requests_provider_external_uq` UNIQUE(`provider`,`external_id`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`topic` varchar(100) NOT NULL,
	`payload` json NOT NULL,
	`job_key` varchar(255),
	`status` enum('pending','sent') NOT NULL DEFAULT 'pending',
	`attempts` int unsigned NOT NULL DEFAULT 0,
	`available_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`sent_at` datetime(3),
	`last_error` text,
	CONSTRAINT `outbox_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`name` varchar(100) NOT NULL,
	`key_prefix` varchar(16) NOT NULL,
	`key_hash` char(64) NOT NULL,
	`model_id` bigint unsigned,
	`role` enum('admin','editor','viewer') NOT NULL,
	`created_by` bigint unsigned,
	`expires_at` datetime(3),
	`last_used_at` datetime(3),
	`revoked_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_key_hash_uq` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE TABLE `model_members` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`role` enum('editor','viewer') NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `model_members_id` PRIMARY KEY(`id`),
	CONSTRAINT `model_members_model_user_uq` UNIQUE(`model_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`token_hash` char(64) NOT NULL,
	`user_id` bigint unsigned NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`last_seen_at` datetime(3),
	`ip` varchar(45),
	`user_agent` varchar(512),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`),
	CONSTRAINT `sessions_token_hash_uq` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`email` varchar(254) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`display_name` varchar(191) NOT NULL,
	`is_admin` boolean NOT NULL DEFAULT false,
	`failed_login_count` int unsigned NOT NULL DEFAULT 0,
	`locked_until` datetime(3),
	`last_login_at` datetime(3),
	`disabled_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_uq` UNIQUE(`email`)
);
--> statement-breakpoint
ALTER TABLE `media_analytics` ADD CONSTRAINT `media_analytics_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_analytics` ADD CONSTRAINT `media_analytics_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_log` ADD CONSTRAINT `audit_log_actor_user_id_users_id_fk` FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_log` ADD CONSTRAINT `audit_log_actor_api_key_id_api_keys_id_fk` FOREIGN KEY (`actor_api_key_id`) REFERENCES `api_keys`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `audit_log` ADD CONSTRAINT `audit_log_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `security_events` ADD CONSTRAINT `security_events_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_media_categories` ADD CONSTRAINT `model_media_categories_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD CONSTRAINT `model_media_library_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD CONSTRAINT `model_media_library_category_id_model_media_categories_id_fk` FOREIGN KEY (`category_id`) REFERENCES `model_media_categories`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD CONSTRAINT `model_media_library_moderated_by_users_id_fk` FOREIGN KEY (`moderated_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_media_library` ADD CONSTRAINT `model_media_library_uploaded_by_users_id_fk` FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_edits` ADD CONSTRAINT `media_edits_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_edits` ADD CONSTRAINT `media_edits_author_user_id_users_id_fk` FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_metadata` ADD CONSTRAINT `media_metadata_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_operations` ADD CONSTRAINT `media_operations_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_variants` ADD CONSTRAINT `media_variants_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `moderation_requests` ADD CONSTRAINT `moderation_requests_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_keys` ADD CONSTRAINT `api_keys_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_members` ADD CONSTRAINT `model_members_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `model_members` ADD CONSTRAINT `model_members_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `media_analytics_model_score_idx` ON `media_analytics` (`model_id`,`engagement_score`);--> statement-breakpoint
CREATE INDEX `audit_log_model_created_idx` ON `audit_log` (`model_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_created_idx` ON `audit_log` (`action`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE INDEX `security_events_type_created_idx` ON `security_events` (`type`,`created_at`);--> statement-breakpoint
CREATE INDEX `security_events_ip_created_idx` ON `security_events` (`ip`,`created_at`);--> statement-breakpoint
CREATE INDEX `categories_model_order_idx` ON `model_media_categories` (`model_id`,`sort_order`);--> statement-breakpoint
CREATE INDEX `idx_model_status` ON `model_media_library` (`model_id`,`moderation_status`);--> statement-breakpoint
CREATE INDEX `idx_upload_date` ON `model_media_library` (`upload_date` desc);--> statement-breakpoint
CREATE INDEX `idx_category_status` ON `model_media_library` (`category_id`,`moderation_status`);--> statement-breakpoint
CREATE INDEX `idx_model_category_date` ON `model_media_library` (`model_id`,`category_id`,`upload_date` desc);--> statement-breakpoint
CREATE INDEX `idx_deleted_at` ON `model_media_library` (`deleted_at`);--> statement-breakpoint
CREATE INDEX `media_operations_media_created_idx` ON `media_operations` (`media_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `media_operations_status_created_idx` ON `media_operations` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `media_operations_job_idx` ON `media_operations` (`job_id`);--> statement-breakpoint
CREATE INDEX `moderation_events_processed_idx` ON `moderation_events` (`processed_at`,`received_at`);--> statement-breakpoint
CREATE INDEX `moderation_requests_media_idx` ON `moderation_requests` (`media_id`);--> statement-breakpoint
CREATE INDEX `moderation_requests_status_submitted_idx` ON `moderation_requests` (`status`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `outbox_status_available_idx` ON `outbox` (`status`,`available_at`);--> statement-breakpoint
CREATE INDEX `api_keys_model_idx` ON `api_keys` (`model_id`);--> statement-breakpoint
CREATE INDEX `model_members_user_idx` ON `model_members` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);