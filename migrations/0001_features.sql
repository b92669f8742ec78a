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
--> statement-breakpoint
CREATE TABLE `model_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`trigger` text NOT NULL,
	`candidate_method` text,
	`serving_method` text,
	`promoted` integer DEFAULT false NOT NULL,
	`backend` text,
	`duration_ms` integer,
	`hyper_params` text,
	`params` blob,
	`params_bytes` integer,
	`metrics` text,
	`error` text,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `model_runs_guild_started_idx` ON `model_runs` (`guild_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `digest_outbox` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`items` text NOT NULL,
	`method` text NOT NULL,
	`nonce` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`message_id` text,
	`composed_at` integer NOT NULL,
	`delivered_at` integer,
	PRIMARY KEY(`guild_id`, `member_id`, `day`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `digest_outbox_status_idx` ON `digest_outbox` (`guild_id`,`day`,`status`);--> statement-breakpoint
CREATE TABLE `digest_picks_presses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`day` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `digest_picks_presses_guild_idx` ON `digest_picks_presses` (`guild_id`,`day`);--> statement-breakpoint
CREATE TABLE `digest_preferences` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`mode` text NOT NULL,
	`dm_closed_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_runs` (
	`guild_id` text NOT NULL,
	`day` text NOT NULL,
	`status` text NOT NULL,
	`channel_id` text NOT NULL,
	`size` integer NOT NULL,
	`items` text NOT NULL,
	`message_id` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	PRIMARY KEY(`guild_id`, `day`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`channel_id` text NOT NULL,
	`hour` integer NOT NULL,
	`time_zone` text NOT NULL,
	`size` integer NOT NULL,
	`last_run_day` text,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recommendation_feedback` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`post_id` text NOT NULL,
	`kind` text NOT NULL,
	`author_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`, `post_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recommendation_impressions` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`post_id` text NOT NULL,
	`surface` text NOT NULL,
	`shown_at` integer NOT NULL,
	`rank` integer NOT NULL,
	`method` text NOT NULL,
	`reason` text NOT NULL,
	`day` text,
	PRIMARY KEY(`guild_id`, `member_id`, `post_id`, `surface`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `recommendation_impressions_post_idx` ON `recommendation_impressions` (`post_id`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE VIEW `recommendation_engagement` AS 
  SELECT i.guild_id AS guild_id, i.member_id AS member_id, i.post_id AS post_id, i.surface AS surface,
         i.shown_at AS shown_at, 'reaction' AS kind, MIN(x.at) AS at
    FROM recommendation_impressions i
    JOIN reactions x ON x.message_id = i.post_id AND x.user_id = i.member_id AND x.at >= i.shown_at
   GROUP BY i.guild_id, i.member_id, i.post_id, i.surface
  UNION ALL
  SELECT i.guild_id, i.member_id, i.post_id, i.surface, i.shown_at, 'reply', MIN(p.created_at)
    FROM recommendation_impressions i
    JOIN posts p ON p.reply_to_id = i.post_id AND p.author_id = i.member_id AND p.created_at >= i.shown_at
                AND p.deleted_at IS NULL
   GROUP BY i.guild_id, i.member_id, i.post_id, i.surface
;