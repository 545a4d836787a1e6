package bot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
)

// Bounds on every field Compose puts in a Document, in characters of raw
// text. They keep one hostile item (a 3,000-character title, a
// 150 KB one-sentence body, nine outlets with long names) to a few
// lines, well inside every platform's limits even after escaping, which
// can lengthen text fivefold ('&' → "&amp;").
const (
	MaxTitle        = 300  // a headline
	MaxSource       = 80   // a source or outlet name
	MaxOutlets      = 4    // outlets named in "Also in"; the rest are counted
	MaxSummaryChars = 300  // a story's summary unless the response sets one (summary.max_chars' default)
	MaxSummaryLimit = 1000 // the most summary a response may ask for
	MaxSentences    = 2    // sentences in a story's summary
	MaxWhyNames     = 3    // names in a story's "Why" line
	MaxName         = 60   // one name in "Why"
	MaxText         = 2000 // a notice, an error, a topic description
	MaxURL          = 1024 // a link target; longer links are not linked
)

// MaxStorySummaryChars is the summary of a story told by several outlets
// unless the response sets a length: room for two sentences of news (they
// run to 250 characters) from two outlets, with their citation marks.
const MaxStorySummaryChars = 600

// Compose builds the document a response shows, with every word of it.
// now decides whether a mute is still in force. Times are shown in the
// response's Zone (UTC when it is empty or unknown) with the zone's
// abbreviation.
func Compose(r Response, now time.Time) Document {
	c := composer{r: r, loc: zoneOf(r.Zone), now: now}
	switch r.Kind {
	case KindAlert:
		if r.Briefing != nil {
			return c.alert(*r.Briefing)
		}
	case KindBriefing:
		if r.Briefing != nil {
			return c.briefing(*r.Briefing)
		}
	case KindDigest:
		if r.Digest != nil {
			return c.digest(*r.Digest)
		}
	case KindTopics:
		return c.topics()
	case KindWatch:
		if r.Briefing != nil {
			return c.watch(*r.Briefing)
		}
	case KindSubscriptions:
		return c.subscriptions()
	case KindTrends:
		return c.trends()
	case KindHelp:
		return c.help()
	case KindError:
		d := c.notice()
		d.Warning = true
		return d
	}
	return c.notice()
}

// PlainText renders a response as plain text: the console's output and
// the notification fallback of richer platforms.
func (r Response) PlainText() string { return Compose(r, time.Now()).PlainText() }

type composer struct {
	r   Response
	loc *time.Location
	now time.Time
}

func zoneOf(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := LoadZone(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// FormatTime formats a time as a chat sees it: in loc, with the zone's
// abbreviation ("7 Dec 09:30 +0330", "27 Nov 12:00 CET").
func FormatTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 15:04 MST")
}

// WindowLabel describes a briefing window for a heading: "last 24 hours",
// "last 7 days", or the times in loc when the window is not a round span.
func WindowLabel(since, until time.Time, loc *time.Location) string {
	d := until.Sub(since)
	switch {
	case d == time.Hour:
		return "last hour"
	case d%(24*time.Hour) == 0 && d > 24*time.Hour:
		return fmt.Sprintf("last %d days", d/(24*time.Hour))
	case d%time.Hour == 0 && d > 0:
		return fmt.Sprintf("last %d hours", d/time.Hour)
	}
	return since.In(loc).Format("2 Jan 15:04") + " – " + FormatTime(until, loc)
}

func (c composer) spell(name Name, args string) string { return Spell(c.r.Platform, name, args) }

// topicTitle is the name a chat sees for a topic: its title, or for a
// channel's own topic known only by its scoped ID (an alert or digest
// section), the ID the channel typed.
func topicTitle(t brief.Topic) string {
	if t.Title == "" || t.Title == t.ID {
		return Cut(LocalTopicID(t.ID), MaxTitle)
	}
	return Cut(t.Title, MaxTitle)
}

func (c composer) briefing(b brief.Briefing) Document {
	title := topicTitle(b.Topic)
	d := Document{Heading: fmt.Sprintf("%s · %s · %s", title, WindowLabel(b.Since, b.Until, c.loc), plural(b.Total, "story", "stories"))}
	if len(b.Stories) == 0 {
		if b.Offset > 0 {
			d.Blocks = append(d.Blocks, textBlock(Text(fmt.Sprintf("No stories past number %d in the %s.", b.Offset, WindowLabel(b.Since, b.Until, c.loc)))))
			d.Blocks = append(d.Blocks, contextBlock(Text("Start again: "), Code(c.spell(CmdBrief, LocalTopicID(b.Topic.ID)+windowArg(b)))))
			return d
		}
		d.Blocks = append(d.Blocks, textBlock(Text(fmt.Sprintf("Nothing on %s in the %s.", title, WindowLabel(b.Since, b.Until, c.loc)))))
		if b.Until.Sub(b.Since) < 7*24*time.Hour {
			d.Blocks = append(d.Blocks, contextBlock(Text("Try a longer window: "), Code(c.spell(CmdBrief, LocalTopicID(b.Topic.ID)+" 7d"))))
		}
		return d // nothing to page through or mute
	}
	for i, s := range b.Stories {
		d.Blocks = append(d.Blocks, Block{Kind: BlockItem, Item: c.item(b.Offset+i+1, s, c.format())})
	}
	if b.HasMore() || b.Offset > 0 {
		line := Line{Text(fmt.Sprintf("Showing %d–%d of %d.", b.Offset+1, b.Offset+len(b.Stories), b.Total))}
		if next, ok := nextPage(b); ok {
			line = append(line, Text(" Next: "), Code(next.String()))
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockContext, Lines: []Line{line}})
	}
	d.Buttons = c.buttons(b)
	return d
}

// alert is the short form of new stories pushed to a channel: headline,
// source and time, one sentence.
func (c composer) alert(b brief.Briefing) Document {
	d := Document{Heading: fmt.Sprintf("New on %s: %s", topicTitle(b.Topic), plural(max(b.Total, len(b.Stories)), "story", "stories"))}
	for i, s := range b.Stories {
		it := c.item(i+1, s, brief.FormatShort)
		it.Summary = c.summary(s, 1)
		d.Blocks = append(d.Blocks, Block{Kind: BlockItem, Item: it})
	}
	if n := b.Total - len(b.Stories); n > 0 {
		d.Blocks = append(d.Blocks, contextBlock(Text(fmt.Sprintf("%d more: ", n)), Code(c.spell(CmdBrief, LocalTopicID(b.Topic.ID)))))
	}
	if len(b.Stories) > 0 {
		d.Buttons = c.buttons(b)
	}
	return d
}

// summaryChars is the response's summary budget, MaxSummaryChars when it
// sets none, never over MaxSummaryLimit.
func (c composer) summaryChars() int { return SummaryChars(c.r.SummaryChars, false) }

// SummaryChars is the summary budget for a set length (summary.max_chars;
// 0 when unset), for a story told by several outlets (multi) or one
// article: the set length when there is one, never over MaxSummaryLimit;
// else MaxStorySummaryChars or MaxSummaryChars.
func SummaryChars(set int, multi bool) int {
	switch {
	case set > 0:
		return min(set, MaxSummaryLimit)
	case multi:
		return MaxStorySummaryChars
	}
	return MaxSummaryChars
}

func (c composer) format() brief.Format {
	if c.r.Format == brief.FormatShort {
		return brief.FormatShort
	}
	return brief.FormatFull
}

// item lays out one story: a linked headline; source, outlet count and
// time on one line; in full form a short summary, why it matched and
// where else it ran. A story told by several articles (recap filled it)
// says "N sources" and its first and latest time, and its summary cites
// the article of each sentence with a numbered link.
func (c composer) item(n int, s brief.Story, f brief.Format) *Item {
	a := s.Article
	title := Cut(strings.TrimSpace(a.Title), MaxTitle)
	if title == "" {
		title = "(untitled)"
	}
	it := &Item{Number: n, Title: title}
	if SafeURL(a.Link) {
		it.Link = a.Link
	}
	var meta []string
	if src := Cut(strings.TrimSpace(a.Source), MaxSource); src != "" {
		meta = append(meta, src)
	}
	switch {
	case s.ID != "" && s.Sources > 0:
		meta = append(meta, plural(s.Sources, "source", "sources"))
	case len(s.AlsoIn) > 0:
		meta = append(meta, plural(1+len(s.AlsoIn), "outlet", "outlets"))
	}
	if s.ID != "" && !s.First.IsZero() && s.Last.Sub(s.First) >= time.Minute {
		meta = append(meta, "first "+FormatTime(s.First, c.loc)+", latest "+FormatTime(s.Last, c.loc))
	} else {
		meta = append(meta, FormatTime(a.Published, c.loc))
	}
	it.Meta = Line{Emph(strings.Join(meta, " · "))}
	if f == brief.FormatShort {
		return it
	}
	it.Summary = c.summary(s, MaxSentences)
	why := Reasons
	if LocalTopicID(s.Match.TopicID) != s.Match.TopicID {
		why = QueryReasons // a channel's own topic is a query
	}
	if names := why(s.Match, MaxWhyNames); len(names) > 0 {
		it.Context = append(it.Context, Line{Text("Why: " + strings.Join(names, ", "))})
	}
	if len(s.AlsoIn) > 0 {
		line := Line{Text("Also in: ")}
		for i, src := range s.AlsoIn {
			if i == MaxOutlets {
				line = append(line, Text(fmt.Sprintf(" and %d more", len(s.AlsoIn)-MaxOutlets)))
				break
			}
			if i > 0 {
				line = append(line, Text(", "))
			}
			name := Cut(strings.TrimSpace(src.Name), MaxSource)
			if name == "" {
				name = "another outlet"
			}
			line = append(line, Link(name, src.Link))
		}
		it.Context = append(it.Context, line)
	}
	return it
}

// summary is the story's summary line of at most n sentences: its cited
// multi-source summary when it has one, else its lead article's.
func (c composer) summary(s brief.Story, n int) Line {
	if len(s.Summary) > 0 {
		return citedLine(s.Summary, n, SummaryChars(c.r.SummaryChars, true))
	}
	return summaryLine(s.Match.Summary, n, c.summaryChars())
}

// citedLine lays out at most n sentences of a cited summary, as many as
// fit in maxChars characters with their marks, each followed by its
// citation: "[1]" linked to the cited article, the same number for the
// same article. When even the first does not fit it is cut at a word
// boundary with "…", and keeps its mark.
func citedLine(cited []brief.Cited, n, maxChars int) Line {
	var line Line
	used := 0
	numbers := map[string]int{}
	for i, ct := range cited {
		if i == n {
			break
		}
		text := strings.Join(strings.Fields(ct.Text), " ")
		if text == "" {
			continue
		}
		num, ok := numbers[ct.ArticleID]
		if !ok {
			num = len(numbers) + 1
		}
		mark := fmt.Sprintf("[%d]", num)
		size := utf8.RuneCountInString(text) + 1 + len(mark)
		if used > 0 {
			size++ // the space before it
		}
		if used+size > maxChars {
			if used > 0 {
				break
			}
			text = Cut(text, max(maxChars-1-len(mark), 1))
			size = utf8.RuneCountInString(text) + 1 + len(mark)
		}
		numbers[ct.ArticleID] = num
		if used > 0 {
			line = append(line, Text(" "))
		}
		line = append(line, Text(text+" "), Link(mark, ct.Link))
		used += size
	}
	return line
}

// summaryLine keeps at most n sentences and maxChars characters of a
// summary, cut at a sentence or word boundary with "…".
func summaryLine(sentences []string, n, maxChars int) Line {
	s := Summary(sentences, n, maxChars)
	if s == "" {
		return nil
	}
	return Line{Text(s)}
}

// Summary joins at most n sentences, as many as fit in maxChars
// characters; when even the first does not fit, it is cut at a word
// boundary and ends with "…".
func Summary(sentences []string, n, maxChars int) string {
	var out string
	for i, s := range sentences {
		if i == n {
			break
		}
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			continue
		}
		next := s
		if out != "" {
			next = out + " " + s
		}
		if utf8.RuneCountInString(next) > maxChars {
			if out == "" {
				return Cut(s, maxChars)
			}
			break
		}
		out = next
	}
	return out
}

// Cut shortens s to at most n characters (runes), at a word boundary
// when one is in the second half, ending with "…" when it cut. Line
// breaks and tabs become spaces; other control characters are dropped.
func Cut(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	end, count, space := 0, 0, -1
	for i, r := range s {
		if count == n-1 {
			end = i
			break
		}
		if unicode.IsSpace(r) && count >= n/2 {
			space = i
		}
		count++
	}
	if space > 0 {
		end = space
	}
	// No space or comma before the ellipsis; but a text of only
	// punctuation ("&&&…") keeps what it has.
	head := strings.TrimRightFunc(s[:end], func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",;:.-–—&/", r) })
	if head == "" {
		head = s[:end]
	}
	return head + "…"
}

// SafeURL reports whether u may be linked: an absolute http(s) URL of at
// most MaxURL bytes, with no spaces or control characters.
func SafeURL(u string) bool {
	if u == "" || len(u) > MaxURL {
		return false
	}
	for _, r := range u {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// windowArg is the window argument that names the briefing's window
// again, " 7d", or "" for the default.
func windowArg(b brief.Briefing) string {
	w := b.Until.Sub(b.Since).Truncate(time.Minute)
	if w <= 0 || w == DefaultWindow || w > MaxWindow {
		return ""
	}
	return " " + FormatWindow(w)
}

// nextPage is the command that asks for the page after b: "/brief jcpoa
// 7d page 2". Pages hold as many stories as this one; the window is
// counted back from when it is asked.
func nextPage(b brief.Briefing) (Command, bool) {
	if !b.HasMore() || len(b.Stories) == 0 {
		return Command{}, false
	}
	w := b.Until.Sub(b.Since).Truncate(time.Minute)
	if w <= 0 || w > MaxWindow {
		return Command{}, false
	}
	size := len(b.Stories)
	next := b.Offset + size
	return Command{Name: CmdBrief, Topic: LocalTopicID(b.Topic.ID), Window: w, Page: next/size + 1}, true
}

// buttons are "More" when a briefing has a next page and "Mute" for a
// briefing or alert with stories. Every command is at most 64 bytes,
// Telegram's callback_data limit.
func (c composer) buttons(b brief.Briefing) []Action {
	if b.Topic.ID == "" {
		return nil
	}
	var out []Action
	if c.r.Kind == KindBriefing {
		if next, ok := nextPage(b); ok {
			if s := next.String(); len(s) <= 64 {
				out = append(out, Action{Label: "More", Command: s})
			}
		}
	}
	if s := (Command{Name: CmdMute, Topic: LocalTopicID(b.Topic.ID)}).String(); len(s) <= 64 {
		label := "Mute 24 h" // Telegram keyboards are narrow
		if c.r.Platform == brief.PlatformSlack {
			label = "Mute this topic for 24 h"
		}
		out = append(out, Action{Label: label, Command: s})
	}
	return out
}

func (c composer) digest(dg brief.Digest) Document {
	loc := c.loc
	if dg.Zone != "" {
		loc = zoneOf(dg.Zone)
	}
	c.loc = loc
	d := Document{Heading: fmt.Sprintf("Daily digest · %s (%s)", dg.Date, Cut(dg.Zone, 64))}
	if len(dg.Spikes) > 0 {
		var lines []Line
		for _, t := range dg.Spikes {
			lines = append(lines, spikeLine(t))
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	}
	for _, sec := range dg.Sections {
		title := topicTitle(sec.Topic)
		if len(sec.Stories) == 0 {
			d.Blocks = append(d.Blocks, textBlock(Strong(title), Text(": nothing new.")))
			continue
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockSection, Lines: []Line{{Strong(title), Text(" · " + plural(sec.Total, "new story", "new stories"))}}})
		for i, s := range sec.Stories {
			d.Blocks = append(d.Blocks, Block{Kind: BlockItem, Item: c.item(i+1, s, c.format())})
		}
	}
	if len(dg.Sections) == 0 {
		d.Blocks = append(d.Blocks, textBlock(Text("No topics in this digest.")))
	}
	return d
}

func (c composer) topics() Document {
	d := Document{Heading: "Topics I watch"}
	var lines []Line
	for _, t := range c.r.Topics {
		l := Line{Text("• "), Strong(Cut(t.Title, MaxTitle)), Text(" — "), Code(Cut(t.ID, 64))}
		if t.Description != "" {
			l = append(l, Text(": "+Cut(t.Description, MaxText)))
		}
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = append(lines, Line{Text("No topics are configured.")})
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	if len(c.r.ChannelTopics) > 0 {
		own := []Line{{Strong(fmt.Sprintf("This %s's own topics", Place(c.r.Platform)))}}
		for _, t := range c.r.ChannelTopics {
			own = append(own, Line{Text("• "), Code(Cut(LocalTopicID(t.ID), 64)), Text(": " + Cut(t.Description, MaxText))})
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: own})
	}
	ask := Line{Text("Ask with "), Code(c.spell(CmdBrief, "<topic>"))}
	if len(c.r.Topics) > 0 && c.r.Platform == brief.PlatformTelegram {
		// Telegram's command menu cannot show '-'; the '_' form works too.
		ask = append(ask, Text(", for example "), Code(c.spell(CmdBrief, strings.ReplaceAll(c.r.Topics[0].ID, "-", "_"))))
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockContext, Lines: []Line{append(ask, Text("."))}})
	return d
}

// watch confirms a topic the channel now watches and previews what it
// would have matched: how many stored articles of the window, in how many
// stories, and the newest stories with why.
func (c composer) watch(b brief.Briefing) Document {
	d := Document{Heading: "Watching " + Cut(LocalTopicID(b.Topic.ID), 64)}
	var lines []Line
	for l := range strings.SplitSeq(strings.TrimSpace(c.r.Text), "\n") {
		lines = append(lines, Line{Text(Cut(l, MaxText))})
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	window := WindowLabel(b.Since, b.Until, c.loc)
	if c.r.Matched == 0 || len(b.Stories) == 0 {
		d.Blocks = append(d.Blocks, textBlock(Text(fmt.Sprintf("Preview: it matches none of the stored articles of the %s.", window))))
	} else {
		head := fmt.Sprintf("Preview: it would have matched %s", plural(c.r.Matched, "article", "articles"))
		// Fewer stories than articles: some tell one story (or, past
		// PreviewKeep articles, only the newest were kept and counted).
		grouped := b.Total < c.r.Matched
		if grouped && c.r.Matched <= PreviewKeep {
			head += " in " + plural(b.Total, "story", "stories")
		}
		head += " stored in the " + window
		if b.Total > len(b.Stories) {
			newest := fmt.Sprint(len(b.Stories))
			if grouped {
				newest = plural(len(b.Stories), "story", "stories")
			}
			head += "; the newest " + newest
		}
		d.Blocks = append(d.Blocks, textBlock(Text(head+":")))
		for i, s := range b.Stories {
			it := c.item(i+1, s, brief.FormatShort)
			if names := QueryReasons(s.Match, MaxWhyNames); len(names) > 0 {
				it.Context = append(it.Context, Line{Text("Why: " + strings.Join(names, ", "))})
			}
			d.Blocks = append(d.Blocks, Block{Kind: BlockItem, Item: it})
		}
	}
	c.hint(&d)
	return d
}

func (c composer) subscriptions() Document {
	place := Place(c.r.Platform)
	var d Document
	if len(c.r.Subscriptions) == 0 {
		d.Blocks = append(d.Blocks, textBlock(Text(fmt.Sprintf("This %s follows no topics yet.", place))))
	} else {
		lines := []Line{{Strong(fmt.Sprintf("This %s follows:", place))}}
		for _, s := range c.r.Subscriptions {
			l := Line{Text("• "), Code(Cut(LocalTopicID(s.TopicID), 64)), Text(" (" + string(s.Mode) + ")")}
			switch {
			case s.Disabled != "":
				l = append(l, Text(" — delivery stopped: "+Cut(s.Disabled, 300)))
			case s.MutedUntil.After(c.now):
				l = append(l, Text(" — muted until "+FormatTime(s.MutedUntil, c.loc)))
			}
			lines = append(lines, l)
		}
		d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	}
	if sc := c.r.Schedule; sc != nil {
		if sc.Off {
			d.Blocks = append(d.Blocks, textBlock(Text("Daily digest: off.")))
		} else {
			d.Blocks = append(d.Blocks, textBlock(Text(fmt.Sprintf("Daily digest: %s %s.", sc.Time, Cut(sc.Zone, 64)))))
		}
	}
	if c.r.Format == brief.FormatShort {
		d.Blocks = append(d.Blocks, textBlock(Text("Briefings: short (headlines only).")))
	}
	c.hint(&d)
	return d
}

func (c composer) help() Document {
	d := Document{}
	lines := []Line{{Strong("Commands")}}
	for _, h := range c.r.Help {
		lines = append(lines, Line{Code(h.Usage), Text(" — " + h.Summary)})
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	if len(c.r.Help) > 1 && c.r.Platform == brief.PlatformSlack {
		d.Blocks = append(d.Blocks, contextBlock(Text("In a direct message, or after @mentioning me in a channel, type the same words without the slash: "),
			Code("brief iran-russia 7d"), Text(", "), Code("topics"), Text(", "), Code("help"), Text(".")))
	}
	if c.r.Text != "" {
		d.Blocks = append(d.Blocks, contextBlock(Text(Cut(c.r.Text, MaxText))))
	}
	return d
}

func (c composer) notice() Document {
	var d Document
	text := strings.TrimSpace(c.r.Text)
	if text == "" {
		text = "(no text)"
	}
	var lines []Line
	for l := range strings.SplitSeq(text, "\n") {
		lines = append(lines, Line{Text(Cut(l, MaxText))})
	}
	d.Blocks = append(d.Blocks, Block{Kind: BlockText, Lines: lines})
	c.hint(&d)
	return d
}

func (c composer) hint(d *Document) {
	if c.r.Hint != "" {
		d.Blocks = append(d.Blocks, contextBlock(Text("Try: "), Code(Cut(c.r.Hint, 500))))
	}
}

func textBlock(spans ...Span) Block { return Block{Kind: BlockText, Lines: []Line{spans}} }

func contextBlock(spans ...Span) Block { return Block{Kind: BlockContext, Lines: []Line{spans}} }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
