-- Reverts 0011_outbox_queue.
DROP INDEX `outbox_queue_status_available_idx` ON `outbox`;
--> statement-breakpoint
ALTER TABLE `outbox` DROP COLUMN `queue`;
