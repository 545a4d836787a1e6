-- Stories (issue 13): every article belongs to one story, the clusterer's
-- (ingest assigns it) or, for articles stored before, its own or its near
-- duplicate original's.
ALTER TABLE articles ADD COLUMN story_id TEXT NOT NULL DEFAULT '';
UPDATE articles SET story_id = CASE
	WHEN duplicate_of <> '' AND EXISTS (SELECT 1 FROM articles o WHERE o.id = articles.duplicate_of)
	THEN duplicate_of ELSE id END;
CREATE INDEX articles_story ON articles (story_id, published);

-- One row per story: first and latest Published time and size.
CREATE TABLE stories (
	id       TEXT    PRIMARY KEY,
	first    INTEGER NOT NULL,
	last     INTEGER NOT NULL,
	articles INTEGER NOT NULL
) STRICT;
INSERT INTO stories (id, first, last, articles)
	SELECT story_id, MIN(published), MAX(published), COUNT(*) FROM articles GROUP BY story_id;

-- The stories of each topic, keyed for the briefing window: a story is in
-- the window of its first stored article matching the topic (first_article,
-- published at first), which stands for it, as it did in the alert. last
-- and articles count the topic's articles.
CREATE TABLE story_topics (
	topic_id      TEXT    NOT NULL,
	story_id      TEXT    NOT NULL,
	first         INTEGER NOT NULL,
	first_article TEXT    NOT NULL,
	last          INTEGER NOT NULL,
	articles      INTEGER NOT NULL,
	PRIMARY KEY (topic_id, story_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX story_topics_window ON story_topics (topic_id, first, first_article);
INSERT INTO story_topics (topic_id, story_id, first, first_article, last, articles)
	SELECT m.topic_id, a.story_id, MIN(a.published), '', MAX(a.published), COUNT(*)
	FROM matches m JOIN articles a ON a.id = m.article_id GROUP BY m.topic_id, a.story_id;
UPDATE story_topics SET first_article = (
	SELECT MIN(a.id) FROM matches m JOIN articles a ON a.id = m.article_id
	WHERE m.topic_id = story_topics.topic_id AND a.story_id = story_topics.story_id
	AND a.published = story_topics.first);

-- The clusterer's state (open stories, vocabulary), saved now and then so
-- a restart does not re-read articles. One row.
CREATE TABLE cluster_state (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	saved INTEGER NOT NULL,
	state BLOB    NOT NULL
) STRICT;

-- Prune deletes old articles: a story's topic row goes with the article
-- that stood for it, and a story with no article left goes too.
CREATE INDEX story_topics_story ON story_topics (story_id);
CREATE TRIGGER articles_pruned_stories AFTER DELETE ON articles BEGIN
	DELETE FROM story_topics WHERE story_id = OLD.story_id AND first_article = OLD.id;
	DELETE FROM stories WHERE id = OLD.story_id
		AND NOT EXISTS (SELECT 1 FROM articles WHERE story_id = OLD.story_id);
END;
