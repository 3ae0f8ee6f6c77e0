-- Reverts 0008_security_incidents.
ALTER TABLE `security_events` DROP FOREIGN KEY `security_events_api_key_id_api_keys_id_fk`;
--> statement-breakpoint
ALTER TABLE `security_events` DROP COLUMN `api_key_id`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `public_paused_at`;
--> statement-breakpoint
DROP TABLE `security_incidents`;
