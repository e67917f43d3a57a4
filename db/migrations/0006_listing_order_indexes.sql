DROP INDEX `listings_kind_status_idx`;--> statement-breakpoint
DROP INDEX `listings_chain_idx`;--> statement-breakpoint
DROP INDEX `listings_enterprise_idx`;--> statement-breakpoint
CREATE INDEX `listings_open_recent_idx` ON `listings` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `listings_kind_recent_idx` ON `listings` (`kind`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `listings_chain_recent_idx` ON `listings` (`chain_id`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `listings_region_recent_idx` ON `listings` (`region_code`,`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `listings_enterprise_idx` ON `listings` (`enterprise_id`,`status`,`created_at`,`id`);