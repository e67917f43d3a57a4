-- Custom SQL migration file, put your code below! --
-- The firms' points alone (search/embedded/nearest.ts): firms by distance walked search_geo, where
-- firms are 100k of 1.1M points at 1M listings, and read every document in reach to check its type.
-- Written with search_geo (search/embedded/store.ts); filled here from the index as it stands.
CREATE VIRTUAL TABLE `search_geo_firms` USING rtree(`id`, `min_lat`, `max_lat`, `min_lng`, `max_lng`);
--> statement-breakpoint
INSERT INTO `search_geo_firms` (`id`, `min_lat`, `max_lat`, `min_lng`, `max_lng`)
	SELECT g.`id`, g.`min_lat`, g.`max_lat`, g.`min_lng`, g.`max_lng` FROM `search_geo` g
	JOIN `search_docs` d ON d.`id` = g.`id` WHERE d.`type` = 'enterprise';
