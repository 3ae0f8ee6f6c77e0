ALTER TABLE `outbox` ADD `queue` varchar(191) DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_queue_status_available_idx` ON `outbox` (`queue`,`status`,`available_at`);