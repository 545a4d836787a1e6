-- Topics a channel defined from chat (issue 18): /watch <id> <query>. The
-- ID is the one the channel typed, unique within the channel; matches and
-- subscriptions name the topic by a channel-scoped ID built from it.
CREATE TABLE channel_topics (
	platform   text COLLATE "C" NOT NULL,
	channel_id text COLLATE "C" NOT NULL,
	thread     text COLLATE "C" NOT NULL DEFAULT '',
	topic_id   text COLLATE "C" NOT NULL,
	query      text        NOT NULL,
	created    timestamptz NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id)
);
