CREATE TABLE `member_digests` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`items` text NOT NULL,
	`method` text NOT NULL,
	`composed_at` integer NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`, `day`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `delivery_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guild_id` text NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`channel_id` text,
	`user_id` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`nonce` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`message_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_outbox_dedupe_idx` ON `delivery_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `delivery_outbox_status_idx` ON `delivery_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `delivery_outbox_user_idx` ON `delivery_outbox` (`user_id`);--> statement-breakpoint
-- Moves the two outboxes into delivery_outbox (economy_announcements and digest_outbox are dropped by 0005).
-- Announcements keep their dedupe keys and payloads; a dropped one without a channel or anything to say is `skipped`.
INSERT INTO `delivery_outbox` (`guild_id`, `sender`, `kind`, `dedupe_key`, `channel_id`, `user_id`, `payload`, `status`, `nonce`, `attempts`, `last_error`, `message_id`, `created_at`, `sent_at`, `updated_at`)
SELECT `guild_id`, 'announcement', `kind`, `dedupe_key`, `channel_id`, NULL, `payload`,
       CASE WHEN `sent_at` IS NOT NULL THEN 'sent'
            WHEN `dropped_at` IS NOT NULL AND `error` IN ('no announcement channel configured', 'nothing to announce') THEN 'skipped'
            WHEN `dropped_at` IS NOT NULL THEN 'dropped'
            ELSE 'pending' END,
       NULL, 0, `error`, NULL, `created_at`, `sent_at`, COALESCE(`sent_at`, `dropped_at`, `created_at`)
  FROM `economy_announcements` ORDER BY `id`;
--> statement-breakpoint
-- A digest run still delivering whose community message was never accepted: its community post is pending.
INSERT INTO `delivery_outbox` (`guild_id`, `sender`, `kind`, `dedupe_key`, `channel_id`, `user_id`, `payload`, `status`, `attempts`, `created_at`, `updated_at`)
SELECT `guild_id`, 'digest', 'community', 'digest:' || `guild_id` || ':' || `day` || ':community', `channel_id`, NULL,
       json_object('day', `day`), 'pending', 0, `started_at`, `started_at`
  FROM `digest_runs` WHERE `status` = 'delivering' AND `message_id` IS NULL ORDER BY `started_at`;
--> statement-breakpoint
-- DM digests keep their delivery state and nonce (a row left `sending` by a crash resends with the same nonce).
INSERT INTO `delivery_outbox` (`guild_id`, `sender`, `kind`, `dedupe_key`, `channel_id`, `user_id`, `payload`, `status`, `nonce`, `attempts`, `last_error`, `message_id`, `created_at`, `sent_at`, `updated_at`)
SELECT `guild_id`, 'digest', 'dm', 'digest:' || `guild_id` || ':' || `day` || ':dm:' || `member_id`, NULL, `member_id`,
       json_object('day', `day`),
       CASE `status` WHEN 'empty' THEN 'skipped' ELSE `status` END,
       `nonce`, `attempts`, `last_error`, `message_id`, `composed_at`, `delivered_at`, COALESCE(`delivered_at`, `composed_at`)
  FROM `digest_outbox` WHERE `kind` = 'dm' ORDER BY `guild_id`, `day`, `member_id`;
--> statement-breakpoint
-- What the digest remembers per member and day (the picks button and the next digests read it).
INSERT INTO `member_digests` (`guild_id`, `member_id`, `day`, `kind`, `items`, `method`, `composed_at`)
SELECT `guild_id`, `member_id`, `day`, `kind`, `items`, `method`, `composed_at` FROM `digest_outbox`;
--> statement-breakpoint
-- An INSERT … SELECT of no rows still starts the AUTOINCREMENT counter; a fresh database starts with none.
DELETE FROM `sqlite_sequence` WHERE `name` = 'delivery_outbox' AND `seq` = 0;
