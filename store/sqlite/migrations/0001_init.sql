-- Times are INTEGER unix microseconds in UTC. The zero time.Time is stored
-- as its own value (year 1), so no time column is NULL and "not muted",
-- "no lease" and "never" sort before every real time.
-- Channels are (platform, channel_id, thread); thread is '' when unset.

CREATE TABLE feed_states (
	url           TEXT    PRIMARY KEY,
	title         TEXT    NOT NULL,
	etag          TEXT    NOT NULL,
	last_modified TEXT    NOT NULL,
	last_poll     INTEGER NOT NULL,
	last_success  INTEGER NOT NULL,
	last_error    TEXT    NOT NULL,
	failures      INTEGER NOT NULL,
	next_poll     INTEGER NOT NULL,
	paused        INTEGER NOT NULL
) STRICT;

CREATE TABLE feeds (
	url              TEXT    PRIMARY KEY,
	title            TEXT    NOT NULL,
	category         TEXT    NOT NULL,
	full_text        INTEGER NOT NULL,
	poll_interval_ns INTEGER NOT NULL,
	added            INTEGER NOT NULL
) STRICT;

CREATE TABLE articles (
	id           TEXT    PRIMARY KEY,
	feed_url     TEXT    NOT NULL,
	source       TEXT    NOT NULL,
	title        TEXT    NOT NULL,
	link         TEXT    NOT NULL,
	text         TEXT    NOT NULL,
	published    INTEGER NOT NULL,
	fetched      INTEGER NOT NULL,
	duplicate_of TEXT    NOT NULL
) STRICT;
CREATE INDEX articles_fetched ON articles (fetched);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of <> '';

-- Every feed that carried an article, the first one included; seq keeps
-- the order they were seen in.
CREATE TABLE article_sources (
	seq        INTEGER PRIMARY KEY,
	article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	feed_url   TEXT    NOT NULL,
	name       TEXT    NOT NULL,
	link       TEXT    NOT NULL,
	UNIQUE (article_id, feed_url)
) STRICT;

-- hits and summary are JSON arrays (or JSON null for none).
CREATE TABLE matches (
	article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	topic_id   TEXT NOT NULL,
	score      REAL NOT NULL,
	hits       TEXT NOT NULL,
	summary    TEXT NOT NULL,
	PRIMARY KEY (article_id, topic_id)
) STRICT;
CREATE INDEX matches_topic ON matches (topic_id);

CREATE TABLE subscriptions (
	platform    TEXT    NOT NULL,
	channel_id  TEXT    NOT NULL,
	thread      TEXT    NOT NULL,
	topic_id    TEXT    NOT NULL,
	mode        TEXT    NOT NULL CHECK (mode IN ('alerts', 'digest', 'both')),
	created     INTEGER NOT NULL,
	disabled    TEXT    NOT NULL,
	disabled_at INTEGER NOT NULL,
	muted_until INTEGER NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id)
) STRICT;
CREATE INDEX subscriptions_topic ON subscriptions (topic_id);

CREATE TABLE digest_schedules (
	platform    TEXT    NOT NULL,
	channel_id  TEXT    NOT NULL,
	thread      TEXT    NOT NULL,
	digest_time TEXT    NOT NULL,
	zone        TEXT    NOT NULL,
	off         INTEGER NOT NULL,
	last_until  INTEGER NOT NULL,
	PRIMARY KEY (platform, channel_id, thread)
) STRICT;

-- AUTOINCREMENT: an ID is never reused after pruning, so a late MarkSent
-- from a slow worker cannot land on a newer message.
CREATE TABLE messages (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	msg_key      TEXT    NOT NULL UNIQUE,
	platform     TEXT    NOT NULL,
	channel_id   TEXT    NOT NULL,
	thread       TEXT    NOT NULL,
	kind         TEXT    NOT NULL,
	topic_id     TEXT    NOT NULL,
	hint         TEXT    NOT NULL,
	payload      BLOB    NOT NULL,
	created      INTEGER NOT NULL,
	status       TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
	attempts     INTEGER NOT NULL,
	next_attempt INTEGER NOT NULL,
	lease_until  INTEGER NOT NULL,
	last_error   TEXT    NOT NULL,
	sent_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_pending ON messages (platform, channel_id, thread, id) WHERE status = 'pending';
CREATE INDEX messages_lease ON messages (platform, channel_id, thread, lease_until);
CREATE INDEX messages_status ON messages (status, id);
CREATE INDEX messages_created ON messages (created);

-- One row per (channel, topic, article) to alert; message_id is set once a
-- message carries it, and only once.
CREATE TABLE alert_queue (
	id         INTEGER PRIMARY KEY,
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	thread     TEXT    NOT NULL,
	topic_id   TEXT    NOT NULL,
	article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	queued_at  INTEGER NOT NULL,
	message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
	UNIQUE (platform, channel_id, thread, topic_id, article_id)
) STRICT;
CREATE INDEX alert_queue_open ON alert_queue (queued_at) WHERE message_id IS NULL;
CREATE INDEX alert_queue_article ON alert_queue (article_id);
CREATE INDEX alert_queue_message ON alert_queue (message_id);
