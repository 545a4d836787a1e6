package recap

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"briefbot/brief"
	"briefbot/store"
	"briefbot/summarize"
)

// Store is what recap reads; store backends satisfy it.
type Store interface {
	StoryDetails(ctx context.Context, topicID string, leadIDs []string, perStory int) ([]store.StoryDetail, error)
}

// Defaults of Options.
const (
	// DefaultSentences is a story summary's length in sentences.
	DefaultSentences = 2
	// DefaultMaxChars is the characters a story summary may take with its
	// citation marks when no length is set (bot.MaxStorySummaryChars):
	// two sentences of news, which run to 250 characters each.
	DefaultMaxChars = 600
	// DefaultPerStory is the most articles of one story read for its
	// summary: the most relevant to the topic, then the earliest. It keeps
	// a briefing of stories with hundreds of reports as fast as one of
	// stories with three.
	DefaultPerStory = 8
)

// markChars is what one citation mark (" [1]") adds to a summary.
const markChars = 4

// Options tunes a Recapper. Zero values take the defaults.
type Options struct {
	// Sentences is the most sentences in a story's summary.
	Sentences int
	// MaxChars is the characters a summary may take, its citation marks
	// included (the channel's summary length).
	MaxChars int
	// PerStory is the most articles of one story read.
	PerStory int
	// Focus returns how strongly a sentence carries a topic, by topic ID
	// (topics.Live.Focus); nil, or a nil function for a topic, summarises
	// without a focus. The functions it returns must be safe for
	// concurrent use: a page's stories are summarised side by side.
	Focus func(topicID string) func(sentence string) float64
}

// Recapper fills stories. It is safe for concurrent use.
type Recapper struct {
	st  Store
	opt Options
}

// New builds a Recapper over the store; it does no I/O.
func New(st Store, opt Options) *Recapper {
	if opt.Sentences <= 0 {
		opt.Sentences = DefaultSentences
	}
	if opt.MaxChars <= 0 {
		opt.MaxChars = DefaultMaxChars
	}
	if opt.PerStory <= 0 {
		opt.PerStory = DefaultPerStory
	}
	return &Recapper{st: st, opt: opt}
}

// Fill completes, in place, each of the stories (a page of a topic's
// briefing or digest section, as the store's Stories returns them) that
// more than one stored article tells: ID, Sources, First and Last; the
// best article (the highest scored on the topic, then the earliest) as
// Article and Match; AlsoIn as every other outlet that carried the story;
// and Summary, at most Options.Sentences sentences from several of its
// articles, focused on the topic, each citing its article. A story of one
// article is left as it is. On error the stories are unchanged.
func (r *Recapper) Fill(ctx context.Context, topicID string, stories []brief.Story) error {
	if len(stories) == 0 {
		return nil
	}
	leads := make([]string, len(stories))
	for i, s := range stories {
		leads[i] = s.Article.ID
	}
	details, err := r.st.StoryDetails(ctx, topicID, leads, r.opt.PerStory)
	if err != nil {
		return fmt.Errorf("recap stories on %s: %w", topicID, err)
	}
	var focus func(string) float64
	if r.opt.Focus != nil {
		focus = r.opt.Focus(topicID)
	}
	byLead := make(map[string]store.StoryDetail, len(details))
	for _, d := range details {
		byLead[d.Lead] = d
	}
	// The stories are summarised side by side, one per core: a page's
	// answer waits for the slowest, not for all of them in turn.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range stories {
		d, ok := byLead[stories[i].Article.ID]
		if !ok || len(d.Articles) < 2 {
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			r.fill(&stories[i], d, focus)
		})
	}
	wg.Wait()
	return nil
}

// fill completes one story told by several articles.
func (r *Recapper) fill(s *brief.Story, d store.StoryDetail, focus func(string) float64) {
	best := d.Articles[0]
	s.ID, s.Sources, s.First, s.Last = d.ID, len(d.Outlets), d.First, d.Last
	s.Article = best.Article
	if best.Match.TopicID != "" {
		s.Match = best.Match
	}
	s.AlsoIn = slices.DeleteFunc(slices.Clone(d.Outlets), func(o brief.Source) bool { return o.FeedURL == best.Article.FeedURL })
	articles := make([]brief.Article, len(d.Articles))
	for i, a := range d.Articles {
		articles[i] = a.Article
	}
	budget := max(r.opt.MaxChars-markChars*r.opt.Sentences, markChars)
	cited := summarize.SummarizeStory(articles, summarize.StoryOptions{N: r.opt.Sentences, MaxChars: budget, Focus: focus})
	s.Summary = nil
	for _, c := range cited {
		a := articles[c.Article]
		s.Summary = append(s.Summary, brief.Cited{Text: c.Text, ArticleID: a.ID, Source: a.Source, Link: a.Link})
	}
}
