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
CREATE INDEX `model_runs_guild_started_idx` ON `model_runs` (`guild_id`,`started_at`);