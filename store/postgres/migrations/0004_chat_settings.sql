-- A channel's display settings (issue 14): how much of each story its
-- briefings show. One row per channel, written by /brief format.
CREATE TABLE chat_settings (
	platform   text COLLATE "C" NOT NULL,
	channel_id text COLLATE "C" NOT NULL,
	thread     text COLLATE "C" NOT NULL DEFAULT '',
	format     text NOT NULL,
	PRIMARY KEY (platform, channel_id, thread)
);
