-- Chat requests taken from a platform, recorded before they are
-- acknowledged: a crash between acknowledging and answering loses nothing,
-- and a replay or redelivery of the same request is recognised by its
-- platform identity. Times are Unix microseconds; finished 0 means the
-- request still waits to be served.
CREATE TABLE inbound (
	platform    TEXT    NOT NULL,
	req_key     TEXT    NOT NULL,
	payload     BLOB    NOT NULL,
	received    INTEGER NOT NULL,
	lease_until INTEGER NOT NULL,
	finished    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (platform, req_key)
) STRICT;
CREATE INDEX inbound_unfinished ON inbound (platform, lease_until, received) WHERE finished = 0;
CREATE INDEX inbound_received ON inbound (received);
