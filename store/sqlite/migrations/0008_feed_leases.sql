-- Feed polls are leased (issue 17), as on PostgreSQL: a due feed is
-- claimed by one poller at a time, and lease_token changes with every
-- claim, so a poller whose lease was taken over does not save over the
-- newer state. One process owns a SQLite file, so here the lease only
-- guards against a poll outliving its own lease. -62135596800000000 is the
-- zero time (year 1) in microseconds: no lease. The partial index finds
-- the due feeds in the claim's order, (next_poll, url), without reading
-- the rest. It must hold url too: many feeds share one next_poll (every
-- new feed is due at once), and on next_poll alone each claim sorted all
-- of those by url, a cost that grew with the square of the feeds.
ALTER TABLE feed_states ADD COLUMN lease_owner TEXT    NOT NULL DEFAULT '';
ALTER TABLE feed_states ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_states ADD COLUMN lease_until INTEGER NOT NULL DEFAULT -62135596800000000;

CREATE INDEX feed_states_due ON feed_states (next_poll, url) WHERE NOT paused;
