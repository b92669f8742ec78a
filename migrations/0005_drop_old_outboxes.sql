DROP TABLE `digest_outbox`;--> statement-breakpoint
DROP TABLE `economy_announcements`;