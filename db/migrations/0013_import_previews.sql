CREATE TABLE `import_previews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token` text NOT NULL,
	`actor_key` text NOT NULL,
	`files_hash` text NOT NULL,
	`choices` text NOT NULL,
	`digest` text NOT NULL,
	`expires_at` integer NOT NULL,
	`size` integer NOT NULL,
	`files` blob NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_previews_token_unique` ON `import_previews` (`token`);