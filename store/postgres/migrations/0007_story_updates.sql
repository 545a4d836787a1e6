-- Story updates (issue 13): later articles on a story a channel was
-- alerted to are told in a reply to that alert.

-- The platform's reference of a sent message's first part (a Slack ts, a
-- Telegram message_id), recorded when the platform accepts it, so an
-- update can reply to the alert after a restart.
CREATE TABLE message_refs (
	message_id bigint PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
	ref        text   NOT NULL
);

-- One row per (channel, topic, article) that joined a story the channel
-- was alerted to; message_id is set once an update message carries it.
-- Rows that added nothing are deleted instead.
CREATE TABLE update_queue (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	platform   text COLLATE "C" NOT NULL,
	channel_id text COLLATE "C" NOT NULL,
	thread     text COLLATE "C" NOT NULL,
	topic_id   text COLLATE "C" NOT NULL,
	story_id   text COLLATE "C" NOT NULL,
	article_id text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	queued_at  timestamptz NOT NULL,
	message_id bigint REFERENCES messages (id) ON DELETE CASCADE,
	UNIQUE (platform, channel_id, thread, topic_id, article_id)
);
CREATE INDEX update_queue_open ON update_queue (platform, channel_id, thread, topic_id, story_id)
	WHERE message_id IS NULL;
CREATE INDEX update_queue_article ON update_queue (article_id);
CREATE INDEX update_queue_message ON update_queue (message_id);

-- The last update of a story per channel and topic: its sequence number
-- (part of the next one's key) and when it was queued (the next waits
-- the update interval from then).
CREATE TABLE story_updates (
	platform   text COLLATE "C" NOT NULL,
	channel_id text COLLATE "C" NOT NULL,
	thread     text COLLATE "C" NOT NULL,
	topic_id   text COLLATE "C" NOT NULL,
	story_id   text COLLATE "C" NOT NULL,
	seq        integer     NOT NULL,
	last_at    timestamptz NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id, story_id)
);
CREATE INDEX story_updates_story ON story_updates (story_id);

-- Unsubscribing withdraws queued update articles, and update messages no
-- worker holds (lease_until still the zero time), as it does alerts;
-- disabling a channel drops its queued update articles (its pending
-- messages are cancelled already).
CREATE FUNCTION subscriptions_gone_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM update_queue WHERE platform = OLD.platform AND channel_id = OLD.channel_id
		AND thread = OLD.thread AND topic_id = OLD.topic_id AND message_id IS NULL;
	UPDATE messages SET status = 'cancelled'
		WHERE platform = OLD.platform AND channel_id = OLD.channel_id AND thread = OLD.thread
		AND kind = 'update' AND topic_id = OLD.topic_id AND status = 'pending'
		AND lease_until = '0001-01-01 00:00:00+00'::timestamptz;
	RETURN NULL;
END $$;
CREATE TRIGGER subscriptions_gone_updates AFTER DELETE ON subscriptions
	FOR EACH ROW EXECUTE FUNCTION subscriptions_gone_updates();

CREATE FUNCTION subscriptions_disabled_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM update_queue WHERE platform = NEW.platform AND channel_id = NEW.channel_id
		AND thread = NEW.thread AND topic_id = NEW.topic_id AND message_id IS NULL;
	RETURN NULL;
END $$;
CREATE TRIGGER subscriptions_disabled_updates AFTER UPDATE OF disabled ON subscriptions
	FOR EACH ROW WHEN (NEW.disabled <> '') EXECUTE FUNCTION subscriptions_disabled_updates();

-- A story pruned away takes its update records with it.
CREATE FUNCTION stories_pruned_updates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM story_updates WHERE story_id = OLD.id;
	RETURN NULL;
END $$;
CREATE TRIGGER stories_pruned_updates AFTER DELETE ON stories
	FOR EACH ROW EXECUTE FUNCTION stories_pruned_updates();
