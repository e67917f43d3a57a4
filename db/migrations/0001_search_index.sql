-- Custom SQL migration file, put your code below! --
-- The embedded search index (search/embedded/) and the Meilisearch outbox (search/meili/).
-- Plain SQL tables that drizzle's schema does not describe: only search/ reads and writes them.
-- search_docs holds one row per indexed enterprise or listing; its id is the rowid of the
-- full-text and geo tables. AUTOINCREMENT keeps ids rising, so id order is indexing order ("newest").
CREATE TABLE `search_docs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`type` text NOT NULL,
	`ref` text NOT NULL,
	`owner` text,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`facets` text NOT NULL,
	`created_at` integer NOT NULL,
	`status` text NOT NULL,
	`valid_until` text,
	`lat` real,
	`lng` real,
	CONSTRAINT `search_docs_type_check` CHECK(`type` in ('listing','enterprise'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_key_unique` ON `search_docs` (`key`);
--> statement-breakpoint
CREATE INDEX `search_docs_owner_idx` ON `search_docs` (`owner`) WHERE `owner` IS NOT NULL;
--> statement-breakpoint
-- Contentless: the text is pre-tokenised in TypeScript (search/text/tokenize.ts) and kept readable
-- in search_docs; the default unicode61 tokenizer only splits on the spaces. `title`/`body` hold
-- one token per ideograph (for single-character words); `*_bigrams` the same text as overlapping
-- ideograph pairs, which answer longer phrases from short doclists; `*_groups` the lexicon's
-- concept-group tokens found in the text (search/text/concept-groups.ts), so a known wording is
-- one lookup instead of an OR of its concept's wordings; `tags` the filter values as opaque tokens.
CREATE VIRTUAL TABLE `search_fts` USING fts5(`title`, `body`, `title_bigrams`, `body_bigrams`, `title_groups`, `body_groups`, `tags`, content='', contentless_delete=1);
--> statement-breakpoint
-- One point per located document (min = max); distance sorting walks outward through it.
CREATE VIRTUAL TABLE `search_geo` USING rtree(`id`, `min_lat`, `max_lat`, `min_lng`, `max_lng`);
--> statement-breakpoint
-- Writes waiting for Meilisearch, recorded in the same transaction as the data they describe.
CREATE TABLE `search_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op` text NOT NULL,
	`key` text NOT NULL,
	`body` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	CONSTRAINT `search_outbox_op_check` CHECK(`op` in ('upsert','remove'))
);
--> statement-breakpoint
CREATE TABLE `search_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
