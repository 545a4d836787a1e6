package brief

import "time"

// Story is one article as it appears in a briefing about one topic.
type Story struct {
	Article Article `json:"article"`
	// Match explains why the article is here and carries its summary.
	Match Match `json:"match"`
	// AlsoIn lists other feeds that carried the same article or a near
	// duplicate of it, so a briefing shows the story once.
	AlsoIn []Source `json:"also_in,omitempty"`

	// The fields below are filled for a story told by several articles
	// (package recap); a story of one article leaves them empty and shows
	// as the article alone.

	// ID is the story's stable ID; empty when not filled.
	ID string `json:"id,omitempty"`
	// Sources is the number of outlets (feeds) that carried the story's
	// articles; 0 when not filled.
	Sources int `json:"sources,omitempty"`
	// First and Last are the Published times of the story's first and
	// latest article.
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// Summary is the story's multi-source summary, in the order things
	// were reported; each sentence cites the article it was taken from.
	// When set it replaces Match.Summary in what a chat sees.
	Summary []Cited `json:"summary,omitempty"`
}

// Cited is one sentence of a story's summary and the article it was taken
// from: Text appears verbatim in that article's text.
type Cited struct {
	Text      string `json:"text"`
	ArticleID string `json:"article_id"`
	// Source names the outlet of the cited article and Link is where the
	// article is (empty when its feed gave none).
	Source string `json:"source,omitempty"`
	Link   string `json:"link,omitempty"`
}

// Trend is a topic's daily story counts: how many of its stories began
// (their first article matching the topic was published) on each day,
// oldest first, the last day being today, in some time zone.
type Trend struct {
	Topic Topic `json:"topic"`
	// Days counts the stories of each day; the last is today's.
	Days []int `json:"days"`
}

// Today is the count of the last day, the current one.
func (t Trend) Today() int {
	if len(t.Days) == 0 {
		return 0
	}
	return t.Days[len(t.Days)-1]
}

// Average is the mean daily count over the days before today (at most
// the last 7 of them): the baseline today is compared with.
func (t Trend) Average() float64 {
	if len(t.Days) < 2 {
		return 0
	}
	before := t.Days[:len(t.Days)-1]
	if len(before) > 7 {
		before = before[len(before)-7:]
	}
	sum := 0
	for _, n := range before {
		sum += n
	}
	return float64(sum) / float64(len(before))
}

// Spike thresholds: a topic spikes when today's count is at least
// SpikeFactor times its average and at least SpikeMin stories.
const (
	SpikeFactor = 3
	SpikeMin    = 5
)

// Spike reports whether today stands out: at least SpikeMin stories and
// at least SpikeFactor times the average of the days before.
func (t Trend) Spike() bool {
	n := t.Today()
	return n >= SpikeMin && float64(n) >= SpikeFactor*t.Average()
}

// Briefing is a page of stories about one topic within a time window,
// newest first.
type Briefing struct {
	Topic Topic     `json:"topic"`
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Stories is this page of the window's stories.
	Stories []Story `json:"stories"`
	// Offset is the position of Stories[0] among all the window's stories.
	Offset int `json:"offset"`
	// Total is the number of stories in the whole window.
	Total int `json:"total"`
}

// HasMore reports whether stories beyond this page exist.
func (b Briefing) HasMore() bool { return b.Offset+len(b.Stories) < b.Total }

// Digest is a channel's scheduled round-up: one section per subscribed
// topic, each holding the top stories since the channel's previous digest.
type Digest struct {
	// Date is the channel's local date the digest is for, "2006-01-02".
	Date string `json:"date"`
	// Zone is the IANA time zone the date and schedule are in.
	Zone  string    `json:"zone"`
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	// Sections has one briefing per subscribed topic, in topic order. A
	// section without stories means nothing new on that topic.
	Sections []Briefing `json:"sections"`
	// Spikes are the digest's topics whose story count today (in Zone)
	// spikes (Trend.Spike), in topic order.
	Spikes []Trend `json:"spikes,omitempty"`
}

// Empty reports whether no section has a story.
func (d Digest) Empty() bool {
	for _, s := range d.Sections {
		if len(s.Stories) > 0 {
			return false
		}
	}
	return true
}

// TrendDays is how many days a Trend holds: the seven days before today,
// whose mean is the baseline, and today.
const TrendDays = 8

// DayBounds returns the local midnights in loc that bound the given number
// of days ending with the day of now: days+1 times, the last being the
// midnight that ends today. Days follow loc's calendar, so a day of a
// daylight-saving change is 23 or 25 hours long.
func DayBounds(now time.Time, loc *time.Location, days int) []time.Time {
	y, m, d := now.In(loc).Date()
	out := make([]time.Time, 0, days+1)
	for i := days - 1; i >= -1; i-- {
		out = append(out, time.Date(y, m, d-i, 0, 0, 0, 0, loc).UTC())
	}
	return out
}
