-- A channel's display settings (issue 14): how much of each story its
-- briefings show. One row per channel, written by /brief format.
CREATE TABLE chat_settings (
	platform   TEXT NOT NULL,
	channel_id TEXT NOT NULL,
	thread     TEXT NOT NULL DEFAULT '',
	format     TEXT NOT NULL,
	PRIMARY KEY (platform, channel_id, thread)
) STRICT;
