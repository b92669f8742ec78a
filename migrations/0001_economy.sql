CREATE TABLE `economy_admin_notices` (
	`guild_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `kind`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `economy_announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`dropped_at` integer,
	`error` text,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `economy_announcements_dedupe_idx` ON `economy_announcements` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `economy_announcements_pending_idx` ON `economy_announcements` (`sent_at`,`dropped_at`);--> statement-breakpoint
CREATE TABLE `badge_awards` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`badge` text NOT NULL,
	`awarded_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`, `badge`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contest_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`post_id` text NOT NULL,
	`member_id` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`source` text NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contest_entries_post_idx` ON `contest_entries` (`contest_id`,`post_id`);--> statement-breakpoint
CREATE INDEX `contest_entries_member_idx` ON `contest_entries` (`contest_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `contest_results` (
	`contest_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`place` integer NOT NULL,
	`votes` integer NOT NULL,
	`excluded` text,
	PRIMARY KEY(`contest_id`, `entry_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `contest_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `contest_votes` (
	`contest_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`voter_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `voter_id`),
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`entry_id`) REFERENCES `contest_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contest_votes_voter_idx` ON `contest_votes` (`contest_id`,`voter_id`);--> statement-breakpoint
CREATE TABLE `contests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`title` text NOT NULL,
	`theme` text NOT NULL,
	`channel_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`submission_ends_at` integer NOT NULL,
	`voting_ends_at` integer NOT NULL,
	`entries_per_member` integer NOT NULL,
	`votes_per_member` integer NOT NULL,
	`vote_mode` text NOT NULL,
	`vote_emoji` text NOT NULL,
	`joined_before_only` integer NOT NULL,
	`state` text NOT NULL,
	`voting_opened_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contests_guild_state_idx` ON `contests` (`guild_id`,`state`);--> statement-breakpoint
CREATE TABLE `economy_configs` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`config` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `economy_post_holds` (
	`post_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`reason` text NOT NULL,
	`by_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `economy_season_standings` (
	`season_id` integer NOT NULL,
	`member_id` text NOT NULL,
	`rank` integer NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`season_id`, `member_id`),
	FOREIGN KEY (`season_id`) REFERENCES `economy_seasons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `economy_seasons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`number` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`started_by` text,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `economy_seasons_number_idx` ON `economy_seasons` (`guild_id`,`number`);--> statement-breakpoint
CREATE TABLE `points_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`delta` integer NOT NULL,
	`reason` text NOT NULL,
	`kind` text NOT NULL,
	`denial` text,
	`source_key` text NOT NULL,
	`post_id` text,
	`actor_id` text,
	`note` text,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `points_ledger_source_key_idx` ON `points_ledger` (`source_key`);--> statement-breakpoint
CREATE INDEX `points_ledger_member_idx` ON `points_ledger` (`guild_id`,`member_id`,`at`);--> statement-breakpoint
CREATE INDEX `points_ledger_guild_at_idx` ON `points_ledger` (`guild_id`,`at`);--> statement-breakpoint
CREATE INDEX `points_ledger_post_idx` ON `points_ledger` (`post_id`);--> statement-breakpoint
CREATE TABLE `economy_role_grants` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`role_id` text NOT NULL,
	`state` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`, `role_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
