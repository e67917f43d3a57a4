CREATE TABLE `attraction_project_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `attraction_projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `attraction_project_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text,
	`note` text DEFAULT '' NOT NULL,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `attraction_projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attraction_project_events_project_idx` ON `attraction_project_events` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `attraction_project_parts` (
	`project_id` integer NOT NULL,
	`component_id` integer NOT NULL,
	`value_wan` real NOT NULL,
	PRIMARY KEY(`project_id`, `component_id`),
	FOREIGN KEY (`project_id`) REFERENCES `attraction_projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `attraction_project_parts_component_idx` ON `attraction_project_parts` (`component_id`);--> statement-breakpoint
CREATE TABLE `attraction_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`title` text NOT NULL,
	`target_supplier` text DEFAULT '' NOT NULL,
	`target_key` text DEFAULT '' NOT NULL,
	`target_region` text DEFAULT '' NOT NULL,
	`gap_description` text DEFAULT '' NOT NULL,
	`chain_id` text NOT NULL,
	`site_region_code` text,
	`stage` text DEFAULT 'planning' NOT NULL,
	`terminated_reason` text,
	`responsible_name` text NOT NULL,
	`department_id` text NOT NULL,
	`planned_investment_wan` real,
	`planned_sign_date` text,
	`planned_start_date` text,
	`planned_operation_date` text,
	`operating_at` integer,
	`created_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attraction_projects_stage_check" CHECK("attraction_projects"."stage" in ('planning','negotiating','signed','construction','operating','terminated'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attraction_projects_ref_unique` ON `attraction_projects` (`ref`);--> statement-breakpoint
CREATE INDEX `attraction_projects_chain_idx` ON `attraction_projects` (`chain_id`,`stage`);--> statement-breakpoint
CREATE INDEX `attraction_projects_target_idx` ON `attraction_projects` (`target_key`);--> statement-breakpoint
CREATE INDEX `attraction_projects_department_idx` ON `attraction_projects` (`department_id`);