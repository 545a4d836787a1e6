-- Stories (issue 13): every article belongs to one story, the clusterer's
-- (ingest assigns it) or, for articles stored before, its own or its near
-- duplicate original's.
ALTER TABLE articles ADD COLUMN story_id text COLLATE "C" NOT NULL DEFAULT '';
UPDATE articles a SET story_id = CASE
	WHEN a.duplicate_of <> '' AND EXISTS (SELECT 1 FROM articles o WHERE o.id = a.duplicate_of)
	THEN a.duplicate_of ELSE a.id END;
CREATE INDEX articles_story ON articles (story_id, published);

-- One row per story: first and latest Published time and size.
CREATE TABLE stories (
	id       text COLLATE "C" PRIMARY KEY,
	first    timestamptz NOT NULL,
	last     timestamptz NOT NULL,
	articles integer     NOT NULL
);
INSERT INTO stories (id, first, last, articles)
	SELECT story_id, MIN(published), MAX(published), COUNT(*) FROM articles GROUP BY story_id;

-- The stories of each topic, keyed for the briefing window: a story is in
-- the window of its first stored article matching the topic (first_article,
-- published at first), which stands for it, as it did in the alert. last
-- and articles count the topic's articles.
CREATE TABLE story_topics (
	topic_id      text COLLATE "C" NOT NULL,
	story_id      text COLLATE "C" NOT NULL,
	first         timestamptz NOT NULL,
	first_article text COLLATE "C" NOT NULL,
	last          timestamptz NOT NULL,
	articles      integer     NOT NULL,
	PRIMARY KEY (topic_id, story_id)
);
CREATE INDEX story_topics_window ON story_topics (topic_id, first, first_article);
CREATE INDEX story_topics_story ON story_topics (story_id);
INSERT INTO story_topics (topic_id, story_id, first, first_article, last, articles)
	SELECT DISTINCT ON (m.topic_id, a.story_id) m.topic_id, a.story_id,
		a.published, a.id,
		MAX(a.published) OVER (PARTITION BY m.topic_id, a.story_id),
		COUNT(*) OVER (PARTITION BY m.topic_id, a.story_id)
	FROM matches m JOIN articles a ON a.id = m.article_id
	ORDER BY m.topic_id, a.story_id, a.published, a.id;

-- The clusterer's state (open stories, vocabulary), saved now and then so
-- a restart does not re-read articles. One row.
CREATE TABLE cluster_state (
	id    integer PRIMARY KEY CHECK (id = 1),
	saved timestamptz NOT NULL,
	state bytea       NOT NULL
);

-- Prune deletes old articles: a story's topic row goes with the article
-- that stood for it, and a story with no article left goes too.
CREATE FUNCTION articles_pruned_stories() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM story_topics WHERE story_id = OLD.story_id AND first_article = OLD.id;
	DELETE FROM stories WHERE id = OLD.story_id
		AND NOT EXISTS (SELECT 1 FROM articles WHERE story_id = OLD.story_id);
	RETURN NULL;
END $$;
CREATE TRIGGER articles_pruned_stories AFTER DELETE ON articles
	FOR EACH ROW EXECUTE FUNCTION articles_pruned_stories();
