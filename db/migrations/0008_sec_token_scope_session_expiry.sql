ALTER TABLE `api_tokens` ADD `scope_chains` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `scope_regions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);