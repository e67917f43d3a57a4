CREATE TABLE `chains` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chains_name_unique` ON `chains` (`name`);--> statement-breakpoint
CREATE TABLE `component_requirements` (
	`component_id` integer NOT NULL,
	`concept_id` text NOT NULL,
	`kind` text NOT NULL,
	`position` integer NOT NULL,
	`confidence` real NOT NULL,
	`wording` text NOT NULL,
	PRIMARY KEY(`component_id`, `concept_id`),
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `components` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`buyer_id` integer NOT NULL,
	`name` text NOT NULL,
	`part_no` text DEFAULT '' NOT NULL,
	`chain_id` text,
	`materials` text DEFAULT '' NOT NULL,
	`processes` text DEFAULT '' NOT NULL,
	`certifications_required` text DEFAULT '' NOT NULL,
	`annual_volume` real,
	`unit` text DEFAULT '' NOT NULL,
	`annual_value_wan` real,
	`current_supplier` text DEFAULT '' NOT NULL,
	`current_supplier_region` text DEFAULT '' NOT NULL,
	`criticality` text,
	`description` text DEFAULT '' NOT NULL,
	`import_hash` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`buyer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `components_ref_unique` ON `components` (`ref`);--> statement-breakpoint
CREATE INDEX `components_buyer_idx` ON `components` (`buyer_id`);--> statement-breakpoint
CREATE INDEX `components_chain_idx` ON `components` (`chain_id`);--> statement-breakpoint
CREATE TABLE `enterprise_capabilities` (
	`enterprise_id` integer NOT NULL,
	`concept_id` text NOT NULL,
	`kind` text NOT NULL,
	`confidence` real NOT NULL,
	`source` text NOT NULL,
	`wording` text NOT NULL,
	PRIMARY KEY(`enterprise_id`, `concept_id`),
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `enterprise_capabilities_concept_idx` ON `enterprise_capabilities` (`concept_id`);--> statement-breakpoint
CREATE TABLE `enterprise_chains` (
	`enterprise_id` integer NOT NULL,
	`chain_id` text NOT NULL,
	PRIMARY KEY(`enterprise_id`, `chain_id`),
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enterprise_chains_chain_idx` ON `enterprise_chains` (`chain_id`);--> statement-breakpoint
CREATE TABLE `enterprises` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uscc` text NOT NULL,
	`name` text NOT NULL,
	`region_code` text,
	`address` text DEFAULT '' NOT NULL,
	`lat` real,
	`lng` real,
	`tier` text DEFAULT 'sme' NOT NULL,
	`products` text DEFAULT '' NOT NULL,
	`processes` text DEFAULT '' NOT NULL,
	`materials` text DEFAULT '' NOT NULL,
	`certifications` text DEFAULT '' NOT NULL,
	`annual_output_wan` real,
	`employees` integer,
	`contact_name` text DEFAULT '' NOT NULL,
	`contact_phone` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`import_hash` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "enterprises_tier_check" CHECK("enterprises"."tier" in ('chain_leader','core','specialized','sme'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprises_uscc_unique` ON `enterprises` (`uscc`);--> statement-breakpoint
CREATE INDEX `enterprises_region_idx` ON `enterprises` (`region_code`);--> statement-breakpoint
CREATE INDEX `enterprises_tier_idx` ON `enterprises` (`tier`);--> statement-breakpoint
CREATE TABLE `import_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`source` text NOT NULL,
	`files` text NOT NULL,
	`ok` integer NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`enterprise_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`chain_id` text,
	`quantity` real,
	`unit` text DEFAULT '' NOT NULL,
	`region_code` text,
	`valid_until` text,
	`status` text DEFAULT 'open' NOT NULL,
	`import_hash` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chain_id`) REFERENCES `chains`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "listings_kind_check" CHECK("listings"."kind" in ('supply','demand')),
	CONSTRAINT "listings_status_check" CHECK("listings"."status" in ('open','closed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `listings_ref_unique` ON `listings` (`ref`);--> statement-breakpoint
CREATE INDEX `listings_enterprise_idx` ON `listings` (`enterprise_id`);--> statement-breakpoint
CREATE INDEX `listings_kind_status_idx` ON `listings` (`kind`,`status`,`valid_until`);--> statement-breakpoint
CREATE INDEX `listings_chain_idx` ON `listings` (`chain_id`);--> statement-breakpoint
CREATE TABLE `procurement` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`buyer_id` integer NOT NULL,
	`year` integer NOT NULL,
	`quarter` integer DEFAULT 0 NOT NULL,
	`total_wan` real NOT NULL,
	`local_wan` real NOT NULL,
	`import_hash` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`buyer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "procurement_quarter_check" CHECK("procurement"."quarter" between 0 and 4),
	CONSTRAINT "procurement_local_check" CHECK("procurement"."local_wan" <= "procurement"."total_wan")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `procurement_buyer_period_idx` ON `procurement` (`buyer_id`,`year`,`quarter`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`lat` real,
	`lng` real,
	CONSTRAINT "regions_kind_check" CHECK("regions"."kind" in ('local','cluster','outside'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);