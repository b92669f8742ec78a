CREATE TABLE `privacy_opt_out_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `privacy_opt_out_version` (`id`, `version`) VALUES (0, 0);
--> statement-breakpoint
CREATE TRIGGER `privacy_opt_outs_inserted` AFTER INSERT ON `privacy_opt_outs` BEGIN
	UPDATE `privacy_opt_out_version` SET `version` = `version` + 1 WHERE `id` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `privacy_opt_outs_updated` AFTER UPDATE ON `privacy_opt_outs` BEGIN
	UPDATE `privacy_opt_out_version` SET `version` = `version` + 1 WHERE `id` = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `privacy_opt_outs_deleted` AFTER DELETE ON `privacy_opt_outs` BEGIN
	UPDATE `privacy_opt_out_version` SET `version` = `version` + 1 WHERE `id` = 0;
END;

--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_digest_picks_presses` (
	`guild_id` text NOT NULL,
	`member_id` text NOT NULL,
	`day` text NOT NULL,
	`at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`presses` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`guild_id`, `member_id`, `day`),
	FOREIGN KEY (`guild_id`) REFERENCES `guilds`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_digest_picks_presses`("guild_id", "member_id", "day", "at", "last_at", "presses")
  SELECT "guild_id", "member_id", "day", MIN("at"), MAX("at"), COUNT(*) FROM `digest_picks_presses` GROUP BY "guild_id", "member_id", "day";--> statement-breakpoint
DROP TABLE `digest_picks_presses`;--> statement-breakpoint
ALTER TABLE `__new_digest_picks_presses` RENAME TO `digest_picks_presses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `digest_picks_presses_guild_idx` ON `digest_picks_presses` (`guild_id`,`day`);