-- Reverts 0005_analytics_flushes (scores above 999.99 are capped).
UPDATE `media_analytics` SET `engagement_score` = LEAST(`engagement_score`, 999.99);
--> statement-breakpoint
ALTER TABLE `media_analytics` MODIFY COLUMN `engagement_score` decimal(5,2) NOT NULL DEFAULT 0;
--> statement-breakpoint
DROP TABLE `analytics_flushes`;
