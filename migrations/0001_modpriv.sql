CREATE TABLE `moderation_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`post_id` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderation_audit_guild_idx` ON `moderation_audit` (`guild_id`,`at`);--> statement-breakpoint
CREATE TABLE `moderation_reviews` (
	`post_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`opened_at` integer NOT NULL,
	`resolved_by` text,
	`resolved_at` integer,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `moderation_reviews_queue_idx` ON `moderation_reviews` (`guild_id`,`status`,`opened_at`);--> statement-breakpoint
CREATE TABLE `post_demotions` (
	`post_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`moderator_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_demotions_guild_idx` ON `post_demotions` (`guild_id`);--> statement-breakpoint
CREATE TABLE `post_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`post_id` text NOT NULL,
	`reporter_id` text,
	`source` text NOT NULL,
	`reason` text DEFAULT 'none' NOT NULL,
	`score` real,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `post_flags_reporter_uq` ON `post_flags` (`post_id`,`reporter_id`) WHERE reporter_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `post_flags_model_uq` ON `post_flags` (`post_id`) WHERE source = 'model';--> statement-breakpoint
CREATE INDEX `post_flags_guild_idx` ON `post_flags` (`guild_id`,`at`);--> statement-breakpoint
CREATE TABLE `post_quality_scores` (
	`post_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`score` real NOT NULL,
	`scored_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_quality_scores_guild_idx` ON `post_quality_scores` (`guild_id`,`score`);--> statement-breakpoint
CREATE TABLE `privacy_opt_outs` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
