// Package bottest holds responses for testing the chat adapters: the
// samples every platform's golden files show, and random hostile
// responses for property tests of bounds and escaping. It is imported
// only by tests.
package bottest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// Now is the clock the samples are rendered at.
var Now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

var (
	iranRussia = brief.Topic{ID: "iran-russia", Title: "Iran–Russia relations", Description: "Ties between Tehran and Moscow"}
	jcpoa      = brief.Topic{ID: "jcpoa", Title: "Iran nuclear deal (JCPOA)"}
)

func story(id, title, source string, published time.Time, summary ...string) brief.Story {
	return brief.Story{
		Article: brief.Article{ID: id, Source: source, Title: title, Link: "https://news.example/" + id, Published: published},
		Match: brief.Match{ArticleID: id, TopicID: iranRussia.ID, Score: 3, Summary: summary, Hits: []brief.Hit{
			{Term: "Iran", Found: "Iran", Field: "title"},
			{Term: "Raisi", Found: "Riasi", Field: "text", Fuzzy: true},
			{Term: "Moscow", Found: "Moscow", Field: "text"},
			{Term: "Putin", Found: "Putin", Field: "text"},
			{Term: "talks", Found: "talks", Field: "text"},
		}},
	}
}

func briefing() *brief.Briefing {
	s1 := story("a1", "Iran and Russia sign a gas deal", "Wire One", Now.Add(-2*time.Hour),
		"Iran and Russia signed a gas agreement on Tuesday.", "The deal runs for 20 years.", "A third sentence is left out.")
	s1.AlsoIn = []brief.Source{{Name: "Daily Two", Link: "https://two.example/gas"}, {Name: "Radio Three"}}
	s2 := story("a2", "Lavrov visits Tehran", "Daily Two", Now.Add(-5*time.Hour), "Russia's foreign minister arrived in Tehran.")
	return &brief.Briefing{Topic: iranRussia, Since: Now.Add(-7 * 24 * time.Hour), Until: Now, Stories: []brief.Story{s1, s2}, Total: 7}
}

// Samples are the responses every adapter's golden files show, by name:
// a briefing, an alert, a digest, an empty briefing, an error and a
// /watch answer, for
// the given platform (which decides how commands are spelled).
func Samples(platform string) map[string]bot.Response {
	alert := *briefing()
	alert.Stories = alert.Stories[:1]
	alert.Total = 3
	return map[string]bot.Response{
		"briefing": {Kind: bot.KindBriefing, Platform: platform, Zone: "Asia/Tehran", Briefing: briefing()},
		"alert":    {Kind: bot.KindAlert, Platform: platform, Zone: "Asia/Tehran", Briefing: &alert},
		"digest": {Kind: bot.KindDigest, Platform: platform, Digest: &brief.Digest{Date: "2026-11-27", Zone: "Europe/Vienna",
			Since: Now.Add(-24 * time.Hour), Until: Now, Sections: []brief.Briefing{*briefing(), {Topic: jcpoa}}}},
		"briefing_empty": {Kind: bot.KindBriefing, Platform: platform, Briefing: &brief.Briefing{Topic: jcpoa, Since: Now.Add(-24 * time.Hour), Until: Now}},
		"error": {Kind: bot.KindError, Platform: platform, Private: true,
			Text: `Unknown topic "iran-rusia". Did you mean iran-russia?`, Hint: bot.Spell(platform, bot.CmdTopics, "")},
		"watch": watch(platform),
	}
}

// watch is a /watch answer: the confirmation, which quotes the query the
// user typed, and the preview's newest stories of the week.
func watch(platform string) bot.Response {
	b := briefing()
	b.Topic = brief.Topic{ID: "caspian@" + platform + ":C1", Title: "caspian", Description: `"Caspian" AND (oil OR gas)`}
	for i := range b.Stories {
		b.Stories[i].Match.Summary = nil // the preview shows no summaries
	}
	return bot.Response{Kind: bot.KindWatch, Platform: platform, Zone: "Asia/Tehran", Briefing: b, Matched: 9,
		Text: "Now watching caspian in this chat: \"Caspian\" AND (oil OR gas)\nNew articles it matches come here as instant alerts and the daily digest."}
}

// Hostile returns a random response built to break renderers: titles of
// thousands of '&', markup and mention syntax in every field, many
// outlets with long names, a one-sentence body of 150 KB (in a story's
// own summary or cited from its outlets), control and
// bidirectional characters, astral characters, and links that are not
// http(s).
func Hostile(r *rand.Rand) bot.Response {
	kinds := []bot.Kind{bot.KindBriefing, bot.KindAlert, bot.KindDigest, bot.KindError, bot.KindNotice, bot.KindTopics, bot.KindSubscriptions, bot.KindHelp, bot.KindWatch}
	platforms := []string{brief.PlatformSlack, brief.PlatformTelegram, brief.PlatformConsole}
	resp := bot.Response{Kind: kinds[r.IntN(len(kinds))], Platform: platforms[r.IntN(len(platforms))]}
	if r.IntN(2) == 0 {
		resp.Zone = "Asia/Tehran"
	}
	if r.IntN(3) == 0 {
		resp.Format = brief.FormatShort
	}
	if r.IntN(3) == 0 {
		resp.SummaryChars = r.IntN(5000) // beyond what the core allows
	}
	topic := brief.Topic{ID: "iran-russia", Title: nasty(r, 400), Description: nasty(r, 3000)}
	page := func() brief.Briefing {
		n := r.IntN(8)
		b := brief.Briefing{Topic: topic, Since: Now.Add(-time.Duration(1+r.IntN(700)) * time.Hour), Until: Now, Offset: r.IntN(3) * 5}
		for i := range n {
			s := brief.Story{Article: brief.Article{ID: fmt.Sprint(i), Title: nasty(r, 3000), Source: nasty(r, 500),
				Link: link(r), Published: Now.Add(-time.Duration(r.IntN(1000)) * time.Minute)}}
			for range r.IntN(4) {
				s.Match.Summary = append(s.Match.Summary, nasty(r, 150_000))
			}
			for range r.IntN(12) {
				s.Match.Hits = append(s.Match.Hits, brief.Hit{Term: nasty(r, 200), Found: nasty(r, 200), Field: "text", Fuzzy: r.IntN(2) == 0})
			}
			for range r.IntN(10) {
				s.AlsoIn = append(s.AlsoIn, brief.Source{Name: nasty(r, 300), Link: link(r)})
			}
			if r.IntN(2) == 0 { // a story of several outlets, with a cited summary
				s.ID, s.Sources = nasty(r, 100), r.IntN(500)
				s.First, s.Last = s.Article.Published.Add(-time.Duration(r.IntN(5000))*time.Minute), s.Article.Published
				for range r.IntN(5) {
					s.Summary = append(s.Summary, brief.Cited{Text: nasty(r, 150_000), ArticleID: nasty(r, 50), Source: nasty(r, 300), Link: link(r)})
				}
			}
			b.Stories = append(b.Stories, s)
		}
		b.Total = b.Offset + n + r.IntN(5)
		return b
	}
	switch resp.Kind {
	case bot.KindBriefing, bot.KindAlert:
		b := page()
		resp.Briefing = &b
	case bot.KindWatch:
		b := page()
		resp.Briefing = &b
		resp.Matched = r.IntN(2000)
		// The confirmation quotes the query the user typed, which the
		// query limits keep to a few hundred characters (200 by default).
		resp.Text = nasty(r, 600)
	case bot.KindDigest:
		d := brief.Digest{Date: "2026-11-27", Zone: "Asia/Tehran"}
		for range r.IntN(6) {
			d.Sections = append(d.Sections, page())
		}
		resp.Digest = &d
	case bot.KindTopics:
		for range r.IntN(30) {
			resp.Topics = append(resp.Topics, brief.Topic{ID: nasty(r, 80), Title: nasty(r, 400), Description: nasty(r, 3000)})
		}
	case bot.KindSubscriptions:
		for range r.IntN(40) {
			resp.Subscriptions = append(resp.Subscriptions, brief.Subscription{TopicID: nasty(r, 80), Mode: brief.ModeBoth,
				Disabled: nasty(r, 500), MutedUntil: Now.Add(time.Hour)})
		}
		resp.Schedule = &brief.DigestSchedule{Time: "07:30", Zone: nasty(r, 100)}
		resp.Hint = nasty(r, 600)
	case bot.KindHelp:
		for range r.IntN(20) {
			resp.Help = append(resp.Help, bot.HelpLine{Usage: nasty(r, 200), Summary: nasty(r, 500)})
		}
		resp.Text = nasty(r, 5000)
	default:
		resp.Text = nasty(r, 20_000)
		resp.Hint = nasty(r, 600)
	}
	return resp
}

// pieces are what hostile text is made of.
var pieces = []string{
	"&", "&&&&", "<", ">", "<!channel>", "<@U123>", "<b>", "</i>", `<a href="javascript:alert(1)">`, "&amp;", "&lt;",
	"*bold*", "_it_", "`code`", "|", "\"", "'", " ", "  ", "\n", "\t", "\x1b[2J", "\x07", "\u202e", "\u2028",
	"😀", "𝕏", "ع", "Ж", "word", "Iran", "sentence. ", "https://evil.example/?a=1&b=<2>",
}

// nasty is up to max bytes of hostile text.
func nasty(r *rand.Rand, limit int) string {
	if r.IntN(4) == 0 {
		return strings.Repeat("&", 1+r.IntN(limit)) // escapes to five times its length
	}
	var b strings.Builder
	target := r.IntN(limit) + 1
	for b.Len() < target {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

func link(r *rand.Rand) string {
	switch r.IntN(5) {
	case 0:
		return ""
	case 1:
		return "javascript:alert(1)"
	case 2:
		return "https://news.example/" + strings.Repeat("a&b|<c>", r.IntN(300))
	case 3:
		return "https://news.example/a?x=1&y=\"2\"|z"
	}
	return "https://news.example/story"
}
