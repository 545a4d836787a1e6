-- Feed polls are leased (issue 17): every replica polls, each due feed is
-- claimed by one of them at a time with FOR UPDATE SKIP LOCKED, and a
-- replica that dies loses its feeds when their leases end. lease_token
-- changes with every claim, so the state a replica saves after its lease
-- was taken over does not replace the newer owner's. The partial index
-- finds the due feeds in (next_poll, url) order, the claim's order, without
-- reading the rest: many feeds share one next_poll (every new feed is due
-- at once), and an index on next_poll alone left each claim sorting all of
-- them by url, a cost that grew with the square of the feeds.
ALTER TABLE feed_states
	ADD COLUMN lease_owner text        NOT NULL DEFAULT '',
	ADD COLUMN lease_token bigint      NOT NULL DEFAULT 0,
	ADD COLUMN lease_until timestamptz NOT NULL DEFAULT '0001-01-01 00:00:00+00';

CREATE INDEX feed_states_due ON feed_states (next_poll, url) WHERE NOT paused;
