CREATE TABLE `component_match_status` (
	`component_id` integer PRIMARY KEY NOT NULL,
	`qualified_local` integer NOT NULL,
	`qualified_local_ids` text DEFAULT '[]' NOT NULL,
	`best_score` real,
	`best_enterprise_id` integer,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
