ALTER TABLE `posts` ADD `media` text;--> statement-breakpoint
ALTER TABLE `reactions` ADD `backfilled` integer DEFAULT false NOT NULL;