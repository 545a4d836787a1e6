-- Feed polls are leased (issue 17), as on PostgreSQL: a due feed is
-- claimed by one poller at a time, and lease_token changes with every
-- claim, so a poller whose lease was taken over does not save over the
-- newer state. One process owns a SQLite file, so here the lease only
-- guards against a poll outliving its own lease. -62135596800000000 is the
-- zero time (year 1) in microseconds: no lease. The partial index finds
-- the due feeds in next_poll order without reading the rest.
ALTER TABLE feed_states ADD COLUMN lease_owner TEXT    NOT NULL DEFAULT '';
ALTER TABLE feed_states ADD COLUMN lease_token INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_states ADD COLUMN lease_until INTEGER NOT NULL DEFAULT -62135596800000000;

CREATE INDEX feed_states_due ON feed_states (next_poll) WHERE NOT paused;
