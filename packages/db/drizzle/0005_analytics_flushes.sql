-- Analytics (issue 13): applied flush buckets (exactly-once flushing), a wider engagement score.
CREATE TABLE `analytics_flushes` (
	`bucket` varchar(64) NOT NULL,
	`flushed_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `analytics_flushes_bucket` PRIMARY KEY(`bucket`)
);
--> statement-breakpoint
ALTER TABLE `media_analytics` MODIFY COLUMN `engagement_score` decimal(12,2) NOT NULL DEFAULT 0;