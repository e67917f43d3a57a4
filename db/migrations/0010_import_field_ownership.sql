CREATE TABLE `enterprise_field_sources` (
	`enterprise_id` integer NOT NULL,
	`field` text NOT NULL,
	`imported_value` text,
	`imported_at` integer,
	`firm_edited_at` integer,
	PRIMARY KEY(`enterprise_id`, `field`),
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `import_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`firm_value` text,
	`imported_value` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolution` text,
	`resolved_by` text,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_conflicts_open_idx` ON `import_conflicts` (`resolved_at`,`enterprise_id`);--> statement-breakpoint
ALTER TABLE `import_runs` ADD `user_id` integer;--> statement-breakpoint
ALTER TABLE `import_runs` ADD `actor_label` text;