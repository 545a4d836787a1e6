-- Times are timestamptz (microseconds, UTC on the way out). The zero
-- time.Time is stored as its own value (0001-01-01 UTC), so no time column
-- is NULL and "not muted", "no lease" and "never" sort before every real
-- time. Keys and sort columns use COLLATE "C" so every database orders
-- them byte-wise, as the SQLite backend does, whatever its locale.
-- Channels are (platform, channel_id, thread); thread is '' when unset.

CREATE TABLE feed_states (
	url           text COLLATE "C" PRIMARY KEY,
	title         text        NOT NULL,
	etag          text        NOT NULL,
	last_modified text        NOT NULL,
	last_poll     timestamptz NOT NULL,
	last_success  timestamptz NOT NULL,
	last_error    text        NOT NULL,
	failures      integer     NOT NULL,
	next_poll     timestamptz NOT NULL,
	paused        boolean     NOT NULL
);

CREATE TABLE feeds (
	url              text COLLATE "C" PRIMARY KEY,
	title            text        NOT NULL,
	category         text        NOT NULL,
	full_text        boolean     NOT NULL,
	poll_interval_ns bigint      NOT NULL,
	added            timestamptz NOT NULL
);

CREATE TABLE articles (
	id           text COLLATE "C" PRIMARY KEY,
	feed_url     text        NOT NULL,
	source       text        NOT NULL,
	title        text        NOT NULL,
	link         text        NOT NULL,
	text         text        NOT NULL,
	published    timestamptz NOT NULL,
	fetched      timestamptz NOT NULL,
	duplicate_of text COLLATE "C" NOT NULL
);
CREATE INDEX articles_fetched ON articles (fetched);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of <> '';

-- Every feed that carried an article, the first one included; seq keeps
-- the order they were seen in.
CREATE TABLE article_sources (
	seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	feed_url   text NOT NULL,
	name       text NOT NULL,
	link       text NOT NULL,
	UNIQUE (article_id, feed_url)
);

-- hits and summary are JSON arrays (or JSON null for none).
CREATE TABLE matches (
	article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	topic_id   text COLLATE "C" NOT NULL,
	score      double precision NOT NULL,
	hits       jsonb NOT NULL,
	summary    jsonb NOT NULL,
	PRIMARY KEY (article_id, topic_id)
);
CREATE INDEX matches_topic ON matches (topic_id);

CREATE TABLE subscriptions (
	platform    text COLLATE "C" NOT NULL,
	channel_id  text COLLATE "C" NOT NULL,
	thread      text COLLATE "C" NOT NULL,
	topic_id    text COLLATE "C" NOT NULL,
	mode        text        NOT NULL CHECK (mode IN ('alerts', 'digest', 'both')),
	created     timestamptz NOT NULL,
	disabled    text        NOT NULL,
	disabled_at timestamptz NOT NULL,
	muted_until timestamptz NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id)
);
CREATE INDEX subscriptions_topic ON subscriptions (topic_id);

CREATE TABLE digest_schedules (
	platform    text COLLATE "C" NOT NULL,
	channel_id  text COLLATE "C" NOT NULL,
	thread      text COLLATE "C" NOT NULL,
	digest_time text        NOT NULL,
	zone        text        NOT NULL,
	off         boolean     NOT NULL,
	last_until  timestamptz NOT NULL,
	PRIMARY KEY (platform, channel_id, thread)
);

CREATE TABLE messages (
	id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	msg_key      text COLLATE "C" NOT NULL UNIQUE,
	platform     text COLLATE "C" NOT NULL,
	channel_id   text COLLATE "C" NOT NULL,
	thread       text COLLATE "C" NOT NULL,
	kind         text        NOT NULL,
	topic_id     text COLLATE "C" NOT NULL,
	hint         text        NOT NULL,
	payload      bytea       NOT NULL,
	created      timestamptz NOT NULL,
	status       text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
	attempts     integer     NOT NULL,
	next_attempt timestamptz NOT NULL,
	lease_until  timestamptz NOT NULL,
	last_error   text        NOT NULL,
	sent_at      timestamptz NOT NULL
);
CREATE INDEX messages_pending ON messages (platform, channel_id, thread, id) WHERE status = 'pending';
CREATE INDEX messages_lease ON messages (platform, channel_id, thread, lease_until);
CREATE INDEX messages_status ON messages (status, id);
CREATE INDEX messages_created ON messages (created);

-- One row per (channel, topic, article) to alert; message_id is set once a
-- message carries it, and only once.
CREATE TABLE alert_queue (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	platform   text COLLATE "C" NOT NULL,
	channel_id text COLLATE "C" NOT NULL,
	thread     text COLLATE "C" NOT NULL,
	topic_id   text COLLATE "C" NOT NULL,
	article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	queued_at  timestamptz NOT NULL,
	message_id bigint REFERENCES messages (id) ON DELETE CASCADE,
	UNIQUE (platform, channel_id, thread, topic_id, article_id)
);
CREATE INDEX alert_queue_open ON alert_queue (queued_at) WHERE message_id IS NULL;
CREATE INDEX alert_queue_article ON alert_queue (article_id);
CREATE INDEX alert_queue_message ON alert_queue (message_id);
