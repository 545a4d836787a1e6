package telegrambot

import (
	"fmt"
	"strings"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// message is one Telegram message of a rendered response.
type message struct {
	// HTML is the text in Telegram's HTML parse mode.
	HTML string
	// Buttons is the inline keyboard; only the last message carries one.
	Buttons []bot.Action
}

// maxTitleRunes bounds a story title; feeds have sent whole articles as titles.
const maxTitleRunes = 400

// render turns a response into the messages that carry it: Telegram HTML,
// every piece of feed and user text escaped, split at limit UTF-16 units on
// paragraph boundaries, with the response's buttons on the last message.
// It is pure: now only decides whether a mute is still in force.
func render(r bot.Response, now time.Time, limit int) []message {
	parts := splitHTML(blocks(r, now), limit)
	if len(parts) == 0 {
		parts = []string{"…"}
	}
	out := make([]message, len(parts))
	for i, p := range parts {
		out[i] = message{HTML: p}
	}
	out[len(out)-1].Buttons = r.Actions()
	return out
}

const platform = brief.PlatformTelegram

// blocks renders a response as paragraphs, each balanced HTML.
func blocks(r bot.Response, now time.Time) []string {
	switch r.Kind {
	case bot.KindAlert, bot.KindBriefing:
		if r.Briefing != nil {
			return briefingBlocks(r.Kind, *r.Briefing)
		}
	case bot.KindDigest:
		if r.Digest != nil {
			return digestBlocks(*r.Digest)
		}
	case bot.KindTopics:
		return topicsBlocks(r.Topics)
	case bot.KindSubscriptions:
		return subscriptionsBlocks(r, now)
	case bot.KindHelp:
		return helpBlocks(r)
	case bot.KindNotice, bot.KindError:
		return noticeBlocks(r)
	}
	// A kind this adapter does not know yet still reaches the user.
	return []string{escapeText(r.PlainText())}
}

func briefingBlocks(kind bot.Kind, b brief.Briefing) []string {
	out := []string{"<b>" + escapeInline(bot.Headline(kind, b)) + "</b>"}
	if len(b.Stories) == 0 {
		s := escapeText(fmt.Sprintf("Nothing on %s in the %s.", b.Topic.Title, bot.WindowLabel(b.Since, b.Until)))
		if kind == bot.KindBriefing && b.Until.Sub(b.Since) < 7*24*time.Hour {
			s += "\nTry a longer window: <code>" + escapeInline(bot.Spell(platform, bot.CmdBrief, b.Topic.ID+" 7d")) + "</code>"
		}
		return append(out, s)
	}
	for i, s := range b.Stories {
		out = append(out, storyBlock(b.Offset+i+1, s))
	}
	if more := bot.MoreLine(kind, platform, b); more != "" {
		out = append(out, "<i>"+escapeInline(more)+"</i>")
	}
	return out
}

// storyBlock is one story: numbered linked title, source and time, summary,
// why it matched, and where else it ran. Each line is balanced on its own.
func storyBlock(n int, s brief.Story) string {
	a := s.Article
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = "(untitled)"
	}
	lines := []string{fmt.Sprintf("<b>%d. %s</b>", n, link(a.Link, escapeInline(clipRunes(title, maxTitleRunes))))}
	meta := []string{}
	if a.Source != "" {
		meta = append(meta, a.Source)
	}
	meta = append(meta, bot.StoryTime(a.Published))
	lines = append(lines, "<i>"+escapeInline(strings.Join(meta, " · "))+"</i>")
	if len(s.Match.Summary) > 0 {
		lines = append(lines, escapeInline(strings.Join(s.Match.Summary, " ")))
	}
	if terms := s.Match.Why(bot.WhyTerms); len(terms) > 0 {
		lines = append(lines, "Why: "+escapeInline(strings.Join(terms, ", ")))
	}
	if len(s.AlsoIn) > 0 {
		var names []string
		for _, src := range s.AlsoIn {
			names = append(names, link(src.Link, escapeInline(src.Name)))
		}
		lines = append(lines, "Also in: "+strings.Join(names, ", "))
	}
	return strings.Join(lines, "\n")
}

func digestBlocks(d brief.Digest) []string {
	out := []string{"<b>Daily digest</b> · " + escapeInline(d.Date+" ("+d.Zone+")")}
	for _, sec := range d.Sections {
		if len(sec.Stories) == 0 {
			out = append(out, "<b>"+escapeInline(sec.Topic.Title)+"</b>: nothing new.")
			continue
		}
		out = append(out, "<b>"+escapeInline(sec.Topic.Title)+"</b> · "+plural(sec.Total, "new story", "new stories"))
		for i, s := range sec.Stories {
			out = append(out, storyBlock(i+1, s))
		}
	}
	return out
}

func topicsBlocks(topics []brief.Topic) []string {
	lines := []string{"<b>Topics I watch</b>"}
	for _, t := range topics {
		l := "• <b>" + escapeInline(t.Title) + "</b> — <code>" + escapeInline(t.ID) + "</code>"
		if t.Description != "" {
			l += "\n  " + escapeInline(t.Description)
		}
		lines = append(lines, l)
	}
	ask := "Ask with " + escapeInline(bot.Spell(platform, bot.CmdBrief, "<topic>"))
	if len(topics) > 0 {
		// Telegram's command menu cannot show '-'; the '_' form works too.
		ask += ", for example <code>" + escapeInline(bot.Spell(platform, bot.CmdBrief, strings.ReplaceAll(topics[0].ID, "-", "_"))) + "</code>"
	}
	return []string{strings.Join(lines, "\n"), ask + "."}
}

func subscriptionsBlocks(r bot.Response, now time.Time) []string {
	var out []string
	if len(r.Subscriptions) == 0 {
		out = append(out, "This chat follows no topics yet.")
	} else {
		lines := []string{"<b>This chat follows</b>"}
		for _, s := range r.Subscriptions {
			l := "• <code>" + escapeInline(s.TopicID) + "</code> (" + escapeInline(string(s.Mode)) + ")"
			switch {
			case s.Disabled != "":
				l += " — delivery stopped: " + escapeInline(s.Disabled)
			case !s.MutedUntil.IsZero() && s.MutedUntil.After(now):
				l += " — muted until " + s.MutedUntil.UTC().Format("2 Jan 15:04 UTC")
			}
			lines = append(lines, l)
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	if sc := r.Schedule; sc != nil {
		if sc.Off {
			out = append(out, "Daily digest: off.")
		} else {
			out = append(out, "Daily digest: "+escapeInline(sc.Time+" "+sc.Zone)+".")
		}
	}
	return appendHint(out, r.Hint)
}

func helpBlocks(r bot.Response) []string {
	lines := []string{"<b>Commands</b>"}
	for _, h := range r.Help {
		lines = append(lines, escapeInline(h.Usage)+" — "+escapeInline(h.Summary))
	}
	out := []string{strings.Join(lines, "\n")}
	if r.Text != "" {
		out = append(out, escapeText(r.Text))
	}
	return out
}

func noticeBlocks(r bot.Response) []string {
	return appendHint([]string{escapeText(r.Text)}, r.Hint)
}

func appendHint(out []string, hint string) []string {
	if hint == "" {
		return out
	}
	// Plain, not <code>: Telegram makes a complete command tappable.
	return append(out, "Try: "+escapeInline(hint))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
