package topics

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"briefbot/brief"
)

// Live is a Matcher whose topics can change while articles are being
// matched: the configured topics (replaced on a config reload) and extra
// topics with IDs of the caller's choosing (topics channels defined from
// chat, scoped to their channel). Every change compiles one new Matcher
// over all of them, so an article is still read once for every topic;
// matching in progress finishes on the Matcher it started with. Live is
// safe for concurrent use.
type Live struct {
	mu    sync.Mutex // serialises changes
	base  []Definition
	extra []Definition
	cur   atomic.Pointer[liveMatcher]
}

// liveMatcher is one compiled generation. Topics are compiled under
// positional IDs ("t0", "t1", ...) so that extra topics need not be valid
// or distinct as configured IDs; ids maps them back.
type liveMatcher struct {
	m      *Matcher
	ids    map[string]string // compiled ID → topic ID
	pos    map[string]string // topic ID → compiled ID
	topics []brief.Topic     // the configured topics, in definition order
}

// NewLive compiles the configured topics. It returns the error Compile
// gives for invalid definitions.
func NewLive(base []Definition) (*Live, error) {
	l := &Live{}
	if err := l.SetBase(base); err != nil {
		return nil, err
	}
	return l, nil
}

// SetBase replaces the configured topics. On an error (the definitions do
// not compile) nothing changes.
func (l *Live) SetBase(defs []Definition) error {
	if err := Validate(defs); err != nil {
		return fmt.Errorf("compile topics: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rebuild(slices.Clone(defs), l.extra)
}

// SetExtra replaces the extra topics. Their IDs must be distinct from each
// other and from the configured topics' (a channel-scoped ID such as
// "caspian@slack:C1" is), and each must be valid apart from its ID. On an
// error nothing changes.
func (l *Live) SetExtra(defs []Definition) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]bool{}
	for _, d := range l.base {
		seen[d.ID] = true
	}
	for _, d := range defs {
		if d.ID == "" || seen[d.ID] {
			return fmt.Errorf("extra topic %q: empty or used twice; give every topic its own ID", d.ID)
		}
		seen[d.ID] = true
	}
	return l.rebuild(l.base, slices.Clone(defs))
}

func (l *Live) rebuild(base, extra []Definition) error {
	all := make([]Definition, 0, len(base)+len(extra))
	ids := make(map[string]string, len(base)+len(extra))
	rev := make(map[string]string, len(base)+len(extra))
	for i, d := range slices.Concat(base, extra) {
		pos := "t" + strconv.Itoa(i)
		ids[pos], rev[d.ID] = d.ID, pos
		d.ID = pos
		all = append(all, d)
	}
	m, err := Compile(all)
	if err != nil {
		return err
	}
	topics := m.Topics()[:len(base)]
	for i := range topics {
		topics[i].ID = base[i].ID
	}
	l.base, l.extra = base, extra
	l.cur.Store(&liveMatcher{m: m, ids: ids, pos: rev, topics: topics})
	return nil
}

// Match matches a against every topic, configured and extra, in one pass;
// each match carries the topic's own ID.
func (l *Live) Match(a brief.Article) []brief.Match {
	lm := l.cur.Load()
	out := lm.m.Match(a)
	for i := range out {
		out[i].TopicID = lm.ids[out[i].TopicID]
	}
	return out
}

// Focus is Matcher.Focus for a configured or extra topic, by its own ID;
// nil when no topic has that ID.
func (l *Live) Focus(topicID string) func(sentence string) float64 {
	lm := l.cur.Load()
	pos, ok := lm.pos[topicID]
	if !ok {
		return nil
	}
	return lm.m.Focus(pos)
}

// Topics returns the configured topics in definition order.
func (l *Live) Topics() []brief.Topic { return slices.Clone(l.cur.Load().topics) }

// Counts returns how many configured and extra topics are compiled.
func (l *Live) Counts() (base, extra int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.base), len(l.extra)
}
