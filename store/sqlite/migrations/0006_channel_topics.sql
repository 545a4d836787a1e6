-- Topics a channel defined from chat (issue 18): /watch <id> <query>. The
-- ID is the one the channel typed, unique within the channel; matches and
-- subscriptions name the topic by a channel-scoped ID built from it.
CREATE TABLE channel_topics (
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	thread     TEXT    NOT NULL DEFAULT '',
	topic_id   TEXT    NOT NULL,
	query      TEXT    NOT NULL,
	created    INTEGER NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id)
) STRICT;
