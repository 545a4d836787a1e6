-- Chat requests taken from a platform, recorded before they are
-- acknowledged: a crash between acknowledging and answering loses nothing,
-- and a replay or redelivery of the same request is recognised by its
-- platform identity. finished is NULL while the request waits to be served.
CREATE TABLE inbound (
	platform    text COLLATE "C" NOT NULL,
	req_key     text COLLATE "C" NOT NULL,
	payload     bytea       NOT NULL,
	received    timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	finished    timestamptz,
	PRIMARY KEY (platform, req_key)
);
CREATE INDEX inbound_unfinished ON inbound (platform, lease_until, received) WHERE finished IS NULL;
CREATE INDEX inbound_received ON inbound (received);
