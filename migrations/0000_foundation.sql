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
CREATE INDEX `posts_reply_to_idx` ON `posts` (`reply_to_id`);--> statement-breakpoint
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
CREATE TABLE `relation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`from_id` text NOT NULL,
	`to_id` text NOT NULL,
	`kind` text NOT NULL,
	`message_id` text,
	`source_key` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `relation_events_source_idx` ON `relation_events` (`source_key`);--> statement-breakpoint
CREATE INDEX `relation_events_from_idx` ON `relation_events` (`guild_id`,`from_id`,`at`);--> statement-breakpoint
CREATE INDEX `relation_events_to_idx` ON `relation_events` (`guild_id`,`to_id`);--> statement-breakpoint
CREATE INDEX `relation_events_message_idx` ON `relation_events` (`message_id`);