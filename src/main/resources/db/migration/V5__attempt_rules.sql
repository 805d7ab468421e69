-- An attempt is scored by the rules it started under: a copy of the campaign's rules at the start, so that no later
-- edit of the campaign (or a stale cache on another instance) can change how an attempt already running is scored.
alter table attempt add column rules jsonb;
