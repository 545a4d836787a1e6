package storetest

import (
	"errors"
	"testing"
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// Run runs every contract case against the stores open returns, each as a
// parallel subtest named after the behaviour it checks. open is called
// once per case, from parallel subtests, and must return an empty,
// isolated store; it should close the store in t.Cleanup (Close must
// tolerate being called twice: one case closes its store itself).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

type contractCase struct {
	name string
	run  func(t *testing.T, s store.Store)
}

func cases() []contractCase {
	var all []contractCase
	for _, group := range [][]contractCase{
		feedCases, articleCases, storyCases, alertCases, subscriptionCases,
		digestCases, outboxCases, pruneCases, lifecycleCases, timeCases, inboundCases, updateCases,
		chatSettingsCases, clusterCases, opsCases, channelTopicCases, leaseCases, trendCases, storySyncCases,
	} {
		all = append(all, group...)
	}
	return all
}

// The suite's fixed clock: tests pass times explicitly and never read the
// wall clock.
var t0 = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

// at is t0 plus the given minutes.
func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// Channels used across the cases. chA and chAThread are different
// channels: a thread is its own delivery target.
var (
	chA       = brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C0A"}
	chAThread = brief.ChannelRef{Platform: brief.PlatformSlack, ID: "C0A", Thread: "1717230000.000100"}
	chB       = brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-1001"}
	chC       = brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-1002"}
	chD       = brief.ChannelRef{Platform: brief.PlatformTelegram, ID: "-1003"}
	chCon     = brief.ChannelRef{Platform: brief.PlatformConsole, ID: "stdout"}
)

const (
	feedA = "https://a.example/rss"
	feedB = "https://b.example/atom"
	feedC = "https://c.example/feed.json"
)

// art is an article first seen in feedA, fetched a minute after it was
// published.
func art(id string, published time.Time) brief.Article {
	return brief.Article{
		ID:        id,
		FeedURL:   feedA,
		Source:    "Wire A",
		Title:     "Story " + id,
		Link:      "https://news.example/" + id,
		Text:      "Talks resumed in Vienna.\n\nDiplomats met for a second day.",
		Published: published,
		Fetched:   published.Add(time.Minute),
	}
}

// from is a copy of a as carried by another feed.
func from(a brief.Article, feedURL, source string) brief.Article {
	a.FeedURL, a.Source, a.Link = feedURL, source, a.Link+"?via="+source
	return a
}

// match is an explainable match on topic, without ArticleID (SaveArticle
// takes the article's).
func match(topic string) brief.Match {
	return brief.Match{
		TopicID: topic,
		Score:   2.75,
		Hits: []brief.Hit{
			{Term: "Joint Comprehensive Plan of Action", Found: "JCPOA", Field: "title", Offset: 6},
			{Term: "Vienna", Found: "Vienna", Field: "text", Offset: 17},
		},
		Summary: []string{"Talks resumed in Vienna."},
	}
}

// matches is one match per topic.
func matches(topics ...string) []brief.Match {
	var out []brief.Match
	for _, topic := range topics {
		out = append(out, match(topic))
	}
	return out
}

// storyOf is the story Stories returns for a stored article and topic.
func storyOf(a brief.Article, topic string, alsoIn ...brief.Source) brief.Story {
	m := match(topic)
	m.ArticleID = a.ID
	return brief.Story{Article: a, Match: m, AlsoIn: alsoIn}
}

func sourceOf(a brief.Article) brief.Source {
	return brief.Source{FeedURL: a.FeedURL, Name: a.Source, Link: a.Link}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

func save(t *testing.T, s store.Store, a brief.Article, now time.Time, topics ...string) {
	t.Helper()
	must(t, s.SaveArticle(t.Context(), a, matches(topics...), store.SaveOptions{Now: now}))
}

func subscribe(t *testing.T, s store.Store, ch brief.ChannelRef, topic string, mode brief.Mode) {
	t.Helper()
	must(t, s.Subscribe(t.Context(), brief.Subscription{Channel: ch, TopicID: topic, Mode: mode, Created: t0}))
}

// message is an outbox message due at created.
func message(key string, ch brief.ChannelRef, kind, topic string, created time.Time) store.Message {
	return store.Message{
		Key:         key,
		Channel:     ch,
		Kind:        kind,
		TopicID:     topic,
		Hint:        "reply-to:42",
		Payload:     []byte(`{"kind":"notice","text":"` + key + `"}`),
		Created:     created,
		NextAttempt: created,
	}
}

func enqueue(t *testing.T, s store.Store, msg store.Message) int64 {
	t.Helper()
	ok, err := s.Enqueue(t.Context(), msg)
	must(t, err)
	if !ok {
		t.Fatalf("enqueue %s: key exists", msg.Key)
	}
	return messageByKey(t, s, msg.Key).ID
}

func messageByKey(t *testing.T, s store.Store, key string) store.Message {
	t.Helper()
	all, err := s.Messages(t.Context(), "")
	must(t, err)
	for _, m := range all {
		if m.Key == key {
			return m
		}
	}
	t.Fatalf("no message %s", key)
	return store.Message{}
}

// claim returns the keys ClaimDue hands out, with a 5-minute lease.
func claim(t *testing.T, s store.Store, now time.Time, limit int) []string {
	t.Helper()
	ms, err := s.ClaimDue(t.Context(), now, 5*time.Minute, limit)
	must(t, err)
	return keys(ms)
}

func keys(ms []store.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Key)
	}
	return out
}

func statuses(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	all, err := s.Messages(t.Context(), "")
	must(t, err)
	out := map[string]string{}
	for _, m := range all {
		out[m.Key] = m.Status
	}
	return out
}

func dueBatches(t *testing.T, s store.Store, olderThan time.Time) []store.AlertBatch {
	t.Helper()
	bs, err := s.DueAlertBatches(t.Context(), olderThan)
	must(t, err)
	return bs
}
