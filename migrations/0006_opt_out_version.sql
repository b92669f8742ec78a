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
