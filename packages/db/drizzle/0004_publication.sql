-- Publication (issue 13): windows, manual public order, consent expiry, image URL tokens, daily analytics.
CREATE TABLE `media_analytics_daily` (
	`media_id` bigint unsigned NOT NULL,
	`day` date NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`views` int unsigned NOT NULL DEFAULT 0,
	`downloads` int unsigned NOT NULL DEFAULT 0,
	`edits` int unsigned NOT NULL DEFAULT 0,
	CONSTRAINT `media_analytics_daily_media_id_day_pk` PRIMARY KEY(`media_id`,`day`)
);
--> statement-breakpoint
CREATE TABLE `media_public_tokens` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`media_id` bigint unsigned NOT NULL,
	`model_id` bigint unsigned NOT NULL,
	`version` int unsigned NOT NULL,
	`token` char(43) NOT NULL,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`revoked_at` datetime(3),
	CONSTRAINT `media_public_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `media_public_tokens_token_uq` UNIQUE(`token`)
);
--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `publish_from` datetime(3);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `publish_until` datetime(3);--> statement-breakpoint
ALTER TABLE `model_media_library` ADD `public_order` int;--> statement-breakpoint
ALTER TABLE `models` ADD `consent_expires_at` datetime(3);--> statement-breakpoint
ALTER TABLE `media_analytics_daily` ADD CONSTRAINT `media_analytics_daily_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_analytics_daily` ADD CONSTRAINT `media_analytics_daily_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_public_tokens` ADD CONSTRAINT `media_public_tokens_media_id_model_media_library_id_fk` FOREIGN KEY (`media_id`) REFERENCES `model_media_library`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `media_public_tokens` ADD CONSTRAINT `media_public_tokens_model_id_models_id_fk` FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `media_analytics_daily_model_day_idx` ON `media_analytics_daily` (`model_id`,`day`);--> statement-breakpoint
CREATE INDEX `media_public_tokens_media_idx` ON `media_public_tokens` (`media_id`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `idx_public_gallery` ON `model_media_library` (`model_id`,`public_version`,`deleted_at`,`upload_date`,`id`);--> statement-breakpoint
CREATE INDEX `idx_public_category` ON `model_media_library` (`model_id`,`category_id`,`public_order`,`upload_date`,`id`);