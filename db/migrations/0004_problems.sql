CREATE TABLE `departments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_name_unique` ON `departments` (`name`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`href` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `problem_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`data` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `problem_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`department_id` text,
	`deadline` text,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `problem_events_problem_idx` ON `problem_events` (`problem_id`,`id`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`enterprise_id` integer NOT NULL,
	`raised_by` integer,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`chain_id` text,
	`deal_id` integer,
	`component_id` integer,
	`status` text DEFAULT 'submitted' NOT NULL,
	`department_id` text,
	`deadline` text,
	`answer` text,
	`overdue_notified_at` integer,
	`closed_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "problems_category_check" CHECK("problems"."category" in ('land','energy','finance','talent','approvals','logistics','market','technology','other')),
	CONSTRAINT "problems_status_check" CHECK("problems"."status" in ('submitted','assigned','answered','reopened','confirmed','closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `problems_ref_unique` ON `problems` (`ref`);--> statement-breakpoint
CREATE INDEX `problems_enterprise_idx` ON `problems` (`enterprise_id`);--> statement-breakpoint
CREATE INDEX `problems_status_idx` ON `problems` (`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `problems_department_idx` ON `problems` (`department_id`,`status`);--> statement-breakpoint
CREATE INDEX `problems_chain_idx` ON `problems` (`chain_id`,`status`);--> statement-breakpoint
ALTER TABLE `users` ADD `department_id` text;