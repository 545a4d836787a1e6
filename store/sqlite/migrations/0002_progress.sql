-- How many platform messages of a split outbox message were accepted, so
-- that a retry after a crash resumes after them instead of repeating them.
ALTER TABLE messages ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
