CREATE TABLE `guild_settings` (
	`guild_id` text PRIMARY KEY NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`language` text DEFAULT 'auto' NOT NULL,
	`economy_on_since` integer DEFAULT 0,
	`contests_enabled` integer DEFAULT true NOT NULL,
	`snippets` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- One time zone per guild: the digest's zone becomes the guild's (it was the only zone a guild had).
INSERT INTO `guild_settings` (`guild_id`, `time_zone`, `updated_at`)
  SELECT `guild_id`, `time_zone`, `updated_at` FROM `digest_settings`;
--> statement-breakpoint
ALTER TABLE `digest_settings` DROP COLUMN `time_zone`;