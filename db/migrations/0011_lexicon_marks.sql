CREATE TABLE `candidate_marks` (
	`component_id` integer NOT NULL,
	`enterprise_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`user_id` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`component_id`, `enterprise_id`),
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `lexicon_additions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`term` text NOT NULL,
	`term_key` text NOT NULL,
	`concept_id` text,
	`new_label` text,
	`broader_id` text,
	`user_id` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lexicon_additions_term_idx` ON `lexicon_additions` (`kind`,`term_key`);