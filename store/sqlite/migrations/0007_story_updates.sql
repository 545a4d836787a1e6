-- Story updates (issue 13): later articles on a story a channel was
-- alerted to are told in a reply to that alert.

-- The platform's reference of a sent message's first part (a Slack ts, a
-- Telegram message_id), recorded when the platform accepts it, so an
-- update can reply to the alert after a restart.
CREATE TABLE message_refs (
	message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
	ref        TEXT    NOT NULL
) STRICT;

-- One row per (channel, topic, article) that joined a story the channel
-- was alerted to; message_id is set once an update message carries it.
-- Rows that added nothing are deleted instead.
CREATE TABLE update_queue (
	id         INTEGER PRIMARY KEY,
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	thread     TEXT    NOT NULL,
	topic_id   TEXT    NOT NULL,
	story_id   TEXT    NOT NULL,
	article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	queued_at  INTEGER NOT NULL,
	message_id INTEGER REFERENCES messages (id) ON DELETE CASCADE,
	UNIQUE (platform, channel_id, thread, topic_id, article_id)
) STRICT;
CREATE INDEX update_queue_open ON update_queue (platform, channel_id, thread, topic_id, story_id)
	WHERE message_id IS NULL;
CREATE INDEX update_queue_article ON update_queue (article_id);
CREATE INDEX update_queue_message ON update_queue (message_id);

-- The last update of a story per channel and topic: its sequence number
-- (part of the next one's key) and when it was queued (the next waits
-- the update interval from then).
CREATE TABLE story_updates (
	platform   TEXT    NOT NULL,
	channel_id TEXT    NOT NULL,
	thread     TEXT    NOT NULL,
	topic_id   TEXT    NOT NULL,
	story_id   TEXT    NOT NULL,
	seq        INTEGER NOT NULL,
	last_at    INTEGER NOT NULL,
	PRIMARY KEY (platform, channel_id, thread, topic_id, story_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_updates_story ON story_updates (story_id);

-- Unsubscribing withdraws queued update articles, and update messages no
-- worker holds (lease_until still the zero time, -62135596800000000), as
-- it does alerts; disabling a channel drops its queued update articles
-- (its pending messages are cancelled already).
CREATE TRIGGER subscriptions_gone_updates AFTER DELETE ON subscriptions BEGIN
	DELETE FROM update_queue WHERE platform = OLD.platform AND channel_id = OLD.channel_id
		AND thread = OLD.thread AND topic_id = OLD.topic_id AND message_id IS NULL;
	UPDATE messages SET status = 'cancelled'
		WHERE platform = OLD.platform AND channel_id = OLD.channel_id AND thread = OLD.thread
		AND kind = 'update' AND topic_id = OLD.topic_id AND status = 'pending'
		AND lease_until = -62135596800000000;
END;
CREATE TRIGGER subscriptions_disabled_updates AFTER UPDATE OF disabled ON subscriptions
WHEN NEW.disabled <> '' BEGIN
	DELETE FROM update_queue WHERE platform = NEW.platform AND channel_id = NEW.channel_id
		AND thread = NEW.thread AND topic_id = NEW.topic_id AND message_id IS NULL;
END;

-- A story pruned away takes its update records with it.
CREATE TRIGGER stories_pruned_updates AFTER DELETE ON stories BEGIN
	DELETE FROM story_updates WHERE story_id = OLD.id;
END;
