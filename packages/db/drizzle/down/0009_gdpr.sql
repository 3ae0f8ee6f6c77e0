-- Reverts 0009_gdpr.
DROP TABLE `model_exports`;
--> statement-breakpoint
ALTER TABLE `models` DROP COLUMN `erasing_at`;
