package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"briefbot/brief"
)

// TrendShown is how many days a trend line draws: the last seven, today
// included. The average beside it is of the seven days before today
// (brief.Trend.Average), so today is compared with the week before it.
const TrendShown = 7

// maxTrendLabel bounds the topic ID a trend line starts with.
const maxTrendLabel = 20

// bars are the eight heights of a trend line's days, lowest first.
var bars = []rune("▁▂▃▄▅▆▇█")

// Bars draws daily counts as a bar line, one character a day: a day
// without stories is the lowest bar, and the others rise with their count
// to the highest for the busiest day, so a day with one story never looks
// like a day with none.
func Bars(days []int) string {
	top := slices.Max(append([]int{0}, days...))
	var b strings.Builder
	for _, n := range days {
		level := 0
		if n > 0 {
			// 1..7: ceil(n*7/top), so any story lifts the bar.
			level = (n*(len(bars)-1) + top - 1) / top
		}
		b.WriteRune(bars[level])
	}
	return b.String()
}

// trends lays out /trends: one line per topic, its ID, the bar line of
// the last seven days, today's count and the average of the week before.
func (c composer) trends() Document {
	d := Document{Heading: "Stories per day · last 7 days"}
	if len(c.r.Trends) == 0 {
		d.Blocks = append(d.Blocks, textBlock(Text("No topics to show.")))
		return d
	}
	width := 0
	for _, t := range c.r.Trends {
		width = max(width, utf8.RuneCountInString(trendLabel(t.Topic)))
	}
	var lines []Line
	for _, t := range c.r.Trends {
		lines = append(lines, trendLine(t, width))
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	zone := "UTC"
	if c.r.Zone != "" {
		zone = Cut(c.r.Zone, 64)
	}
	d.Blocks = append(d.Blocks, contextBlock(Text(fmt.Sprintf(
		"A story counts on the day its first report on the topic appeared; days end at midnight %s. Read one: ", zone)),
		Code(c.spell(CmdBrief, LocalTopicID(c.r.Trends[0].Topic.ID)+" 7d"))))
	return d
}

// trendLabel is the short name a trend line starts with: the topic ID as
// the channel types it.
func trendLabel(t brief.Topic) string { return Cut(LocalTopicID(t.ID), maxTrendLabel) }

// trendLine is "sco          ▁▂▁▃▂▅█  14 today (7-day avg 3.5)", the label
// padded to width so the bars of every topic line up in monospace.
func trendLine(t brief.Trend, width int) Line {
	shown := t.Days[max(len(t.Days)-TrendShown, 0):]
	label := trendLabel(t.Topic)
	pad := strings.Repeat(" ", max(width-utf8.RuneCountInString(label), 0))
	text := fmt.Sprintf("  %d today (7-day avg %s)", t.Today(), decimal(t.Average()))
	if t.Spike() {
		text += " ↑"
	}
	return Line{Code(label + pad + " " + Bars(shown)), Text(text)}
}

// spikeLine is a digest's note on a topic whose count spikes today: "SCO:
// 14 stories today, 4 times its 7-day average".
func spikeLine(t brief.Trend) Line {
	head := fmt.Sprintf("%s: %s today, ", topicTitle(t.Topic), plural(t.Today(), "story", "stories"))
	avg := t.Average()
	if avg == 0 {
		return Line{Strong("↑ "), Text(head + "none in the 7 days before")}
	}
	return Line{Strong("↑ "), Text(head + decimal(float64(t.Today())/avg) + " times its 7-day average")}
}

// decimal formats x with one decimal, without a trailing ".0": 3.5, 4.
func decimal(x float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(x, 'f', 1, 64), ".0")
}

// trends answers /trends: the channel's subscribed topics (all configured
// topics when it follows none), each with its stories per day over the
// last TrendShown days and the week before, in the channel's time zone.
func (h *Handler) trends(ctx context.Context, req Request) Response {
	subs, err := h.store.Subscriptions(ctx, req.Channel)
	if err != nil {
		return h.fail(ctx, req, "trends", err)
	}
	var topics []brief.Topic
	for _, t := range *h.topics.Load() {
		if slices.ContainsFunc(subs, func(s brief.Subscription) bool { return s.TopicID == t.ID && s.Disabled == "" }) {
			topics = append(topics, t)
		}
	}
	for _, s := range subs {
		// A channel's own topic (/watch), or one removed from the config.
		if _, known := h.topic(s.TopicID); !known && s.Disabled == "" {
			topics = append(topics, brief.Topic{ID: s.TopicID, Title: s.TopicID})
		}
	}
	if len(topics) == 0 {
		topics = *h.topics.Load()
	}
	zone := h.schedule(ctx, req.Channel).Zone
	ids := make([]string, len(topics))
	for i, t := range topics {
		ids[i] = t.ID
	}
	counts, err := h.store.TopicDayCounts(ctx, ids, brief.DayBounds(h.opt.Now(), zoneOf(zone), brief.TrendDays))
	if err != nil {
		return h.fail(ctx, req, "trends", err)
	}
	r := Response{Kind: KindTrends, Zone: zone}
	for _, t := range topics {
		r.Trends = append(r.Trends, brief.Trend{Topic: t, Days: counts[t.ID]})
	}
	return r
}
