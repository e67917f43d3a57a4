CREATE TABLE `deal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`from_stage` text,
	`to_stage` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`reason` text,
	`annual_value_wan` real,
	`actor_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`deal_id`) REFERENCES `deals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `deal_events_deal_idx` ON `deal_events` (`deal_id`,`id`);--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`component_id` integer,
	`listing_id` integer,
	`buyer_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`stage` text DEFAULT 'recommended' NOT NULL,
	`annual_value_wan` real,
	`lost_reason` text,
	`match_score` real,
	`signed_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`listing_id`) REFERENCES `listings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`buyer_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "deals_subject_check" CHECK(("deals"."component_id" is null) != ("deals"."listing_id" is null)),
	CONSTRAINT "deals_stage_check" CHECK("deals"."stage" in ('recommended','contacted','sampling','quoting','signed','supplying','lost'))
);
--> statement-breakpoint
CREATE INDEX `deals_component_idx` ON `deals` (`component_id`);--> statement-breakpoint
CREATE INDEX `deals_listing_idx` ON `deals` (`listing_id`);--> statement-breakpoint
CREATE INDEX `deals_buyer_idx` ON `deals` (`buyer_id`,`stage`);--> statement-breakpoint
CREATE INDEX `deals_supplier_idx` ON `deals` (`supplier_id`);--> statement-breakpoint
CREATE INDEX `deals_stage_idx` ON `deals` (`stage`,`signed_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
