CREATE TABLE `channels` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`parent_id` text,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`nsfw` integer DEFAULT false NOT NULL,
	`owner_id` text,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `channels_guild_idx` ON `channels` (`guild_id`);--> statement-breakpoint
CREATE INDEX `channels_parent_idx` ON `channels` (`parent_id`);--> statement-breakpoint
CREATE TABLE `guilds` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`owner_id` text,
	`preferred_locale` text DEFAULT 'en-US' NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	`content_features` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ingest_checkpoints` (
	`channel_id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`last_message_id` text,
	`backfilled_at` integer,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `members` (
	`guild_id` text NOT NULL,
	`user_id` text NOT NULL,
	`username` text NOT NULL,
	`display_name` text,
	`is_bot` integer DEFAULT false NOT NULL,
	`joined_at` integer,
	`left_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `user_id`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `mentions` (
	`message_id` text NOT NULL,
	`user_id` text NOT NULL,
	`guild_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `user_id`),
	FOREIGN KEY (`message_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mentions_user_idx` ON `mentions` (`guild_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `posts` (
	`id` text PRIMARY KEY NOT NULL,
	`guild_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`thread_id` text,
	`author_id` text NOT NULL,
	`author_is_bot` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	`reply_to_id` text,
	`reply_to_author_id` text,
	`attachment_count` integer DEFAULT 0 NOT NULL,
	`content` text,
	`source` text NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `posts_guild_created_idx` ON `posts` (`guild_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_channel_created_idx` ON `posts` (`channel_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `posts_thread_idx` ON `posts` (`thread_id`);--> statement-breakpoint
CREATE INDEX `posts_author_idx` ON `posts` (`guild_id`,`author_id`);--> statement-breakpoint
CREATE TABLE `reaction_tallies` (
	`message_id` text NOT NULL,
	`emoji` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`message_id`, `emoji`),
	FOREIGN KEY (`message_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reactions` (
	`message_id` text NOT NULL,
	`user_id` text NOT NULL,
	`emoji` text NOT NULL,
	`emoji_name` text,
	`guild_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`message_id`, `user_id`, `emoji`),
	FOREIGN KEY (`message_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reactions_user_idx` ON `reactions` (`guild_id`,`user_id`,`at`);--> statement-breakpoint
CREATE TABLE `thread_co_participation` (
	`thread_id` text NOT NULL,
	`member_a` text NOT NULL,
	`member_b` text NOT NULL,
	`guild_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`thread_id`, `member_a`, `member_b`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `thread_co_participation_a_idx` ON `thread_co_participation` (`guild_id`,`member_a`);--> statement-breakpoint
CREATE INDEX `thread_co_participation_b_idx` ON `thread_co_participation` (`guild_id`,`member_b`);--> statement-breakpoint
CREATE VIEW `member_relations` AS 
  SELECT 'reply' AS kind, r.guild_id AS guild_id, r.author_id AS from_id,
         COALESCE(r.reply_to_author_id, t.author_id) AS to_id, r.id AS message_id, r.created_at AS at
    FROM posts r LEFT JOIN posts t ON t.id = r.reply_to_id
   WHERE r.reply_to_id IS NOT NULL AND r.deleted_at IS NULL AND r.author_is_bot = 0
     AND COALESCE(r.reply_to_author_id, t.author_id) IS NOT NULL
     AND COALESCE(r.reply_to_author_id, t.author_id) <> r.author_id
     AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = r.guild_id
                     AND b.user_id = COALESCE(r.reply_to_author_id, t.author_id) AND b.is_bot = 1)
  UNION ALL
  SELECT 'mention', m.guild_id, p.author_id, m.user_id, m.message_id, m.at
    FROM mentions m JOIN posts p ON p.id = m.message_id LEFT JOIN posts t ON t.id = p.reply_to_id
   WHERE p.author_is_bot = 0 AND m.user_id <> p.author_id
     AND m.user_id IS NOT COALESCE(p.reply_to_author_id, t.author_id)
     AND NOT EXISTS (SELECT 1 FROM members b WHERE b.guild_id = m.guild_id AND b.user_id = m.user_id AND b.is_bot = 1)
  UNION ALL
  SELECT 'reaction', x.guild_id, x.user_id, p.author_id, x.message_id, x.at
    FROM reactions x JOIN posts p ON p.id = x.message_id
   WHERE p.author_is_bot = 0 AND x.user_id <> p.author_id
  UNION ALL
  SELECT 'co_thread', c.guild_id, c.member_a, c.member_b, NULL, c.at FROM thread_co_participation c
;