package bot

import (
	"fmt"
	"strings"
	"time"

	"briefbot/brief"
)

// PlainText renders a response as plain text: the console's output and the
// notification fallback of richer platforms. Untrusted text (feed titles,
// summaries, what users typed) is included as is; adapters that print or
// send it escape it for their medium.
func (r Response) PlainText() string {
	var b strings.Builder
	switch r.Kind {
	case KindAlert, KindBriefing:
		if r.Briefing != nil {
			writeBriefing(&b, r.Kind, r.Platform, *r.Briefing)
		}
	case KindDigest:
		if r.Digest != nil {
			writeDigest(&b, *r.Digest)
		}
	case KindTopics:
		b.WriteString("Topics I watch:\n")
		for _, t := range r.Topics {
			fmt.Fprintf(&b, "  %s — %s", t.ID, t.Title)
			if t.Description != "" {
				fmt.Fprintf(&b, ": %s", t.Description)
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Ask with %s.\n", Spell(r.Platform, CmdBrief, "<topic>"))
	case KindSubscriptions:
		writeSubscriptions(&b, r)
	case KindHelp:
		width := 0
		for _, h := range r.Help {
			width = max(width, len(h.Usage))
		}
		b.WriteString("Commands:\n")
		for _, h := range r.Help {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, h.Usage, h.Summary)
		}
		if r.Text != "" {
			b.WriteString(r.Text + "\n")
		}
	default:
		b.WriteString(r.Text + "\n")
		if r.Hint != "" {
			fmt.Fprintf(&b, "Try: %s\n", r.Hint)
		}
	}
	return b.String()
}

// WhyTerms is how many reasons a story's "Why:" line gives at most.
const WhyTerms = 6

// WindowLabel describes a briefing window for a header: "last 24 hours",
// "last 7 days", or the dates when the window is not a round span.
func WindowLabel(since, until time.Time) string {
	d := until.Sub(since)
	switch {
	case d == time.Hour:
		return "last hour"
	case d%(24*time.Hour) == 0 && d > 24*time.Hour:
		return fmt.Sprintf("last %d days", d/(24*time.Hour))
	case d%time.Hour == 0 && d > 0:
		return fmt.Sprintf("last %d hours", d/time.Hour)
	}
	return since.UTC().Format("2 Jan 15:04") + " – " + until.UTC().Format("2 Jan 15:04 UTC")
}

// StoryTime formats a story's publication time for a briefing line.
func StoryTime(t time.Time) string { return t.UTC().Format("2 Jan 15:04 UTC") }

// Headline is a briefing's one-line title: "New on JCPOA: 2 stories",
// "Iran–Russia relations · last 24 hours · 3 stories".
func Headline(kind Kind, b brief.Briefing) string {
	if kind == KindAlert {
		return fmt.Sprintf("New on %s: %s", b.Topic.Title, plural(max(b.Total, len(b.Stories)), "story", "stories"))
	}
	return fmt.Sprintf("%s · %s · %s", b.Topic.Title, WindowLabel(b.Since, b.Until), plural(b.Total, "story", "stories"))
}

func writeBriefing(b *strings.Builder, kind Kind, platform string, br brief.Briefing) {
	b.WriteString(Headline(kind, br) + "\n")
	if len(br.Stories) == 0 {
		fmt.Fprintf(b, "Nothing on %s in the %s.\n", br.Topic.Title, WindowLabel(br.Since, br.Until))
		return
	}
	for i, s := range br.Stories {
		b.WriteString("\n")
		writeStory(b, br.Offset+i+1, s)
	}
	if more := MoreLine(kind, platform, br); more != "" {
		fmt.Fprintf(b, "\n%s\n", more)
	}
}

// MoreLine says what a briefing does not show, spelled for a platform:
// "Showing 1–5 of 12." under a page of a briefing, "2 more: /brief sco"
// under an alert that carries more stories than it shows. It is empty
// when everything is shown.
func MoreLine(kind Kind, platform string, b brief.Briefing) string {
	switch {
	case kind == KindBriefing && b.HasMore():
		return fmt.Sprintf("Showing %d–%d of %d.", b.Offset+1, b.Offset+len(b.Stories), b.Total)
	case kind == KindAlert && b.Total > len(b.Stories):
		return fmt.Sprintf("%d more: %s", b.Total-len(b.Stories), Spell(platform, CmdBrief, b.Topic.ID))
	}
	return ""
}

func writeStory(b *strings.Builder, n int, s brief.Story) {
	a := s.Article
	fmt.Fprintf(b, "%d. %s\n", n, a.Title)
	meta := []string{}
	if a.Source != "" {
		meta = append(meta, a.Source)
	}
	meta = append(meta, StoryTime(a.Published))
	fmt.Fprintf(b, "   %s\n", strings.Join(meta, " · "))
	if a.Link != "" {
		fmt.Fprintf(b, "   %s\n", a.Link)
	}
	if len(s.Match.Summary) > 0 {
		fmt.Fprintf(b, "   %s\n", strings.Join(s.Match.Summary, " "))
	}
	if terms := s.Match.Why(WhyTerms); len(terms) > 0 {
		fmt.Fprintf(b, "   Why: %s\n", strings.Join(terms, ", "))
	}
	if len(s.AlsoIn) > 0 {
		var names []string
		for _, src := range s.AlsoIn {
			names = append(names, src.Name)
		}
		fmt.Fprintf(b, "   Also in: %s\n", strings.Join(names, ", "))
	}
}

func writeDigest(b *strings.Builder, d brief.Digest) {
	fmt.Fprintf(b, "Daily digest · %s (%s)\n", d.Date, d.Zone)
	for _, sec := range d.Sections {
		b.WriteString("\n")
		if len(sec.Stories) == 0 {
			fmt.Fprintf(b, "%s: nothing new.\n", sec.Topic.Title)
			continue
		}
		fmt.Fprintf(b, "%s · %s\n", sec.Topic.Title, plural(sec.Total, "new story", "new stories"))
		for i, s := range sec.Stories {
			writeStory(b, i+1, s)
		}
	}
}

func writeSubscriptions(b *strings.Builder, r Response) {
	if len(r.Subscriptions) == 0 {
		fmt.Fprintf(b, "This %s follows no topics yet.\n", Place(r.Platform))
	} else {
		fmt.Fprintf(b, "This %s follows:\n", Place(r.Platform))
		for _, s := range r.Subscriptions {
			fmt.Fprintf(b, "  %s (%s)", s.TopicID, s.Mode)
			if s.Disabled != "" {
				fmt.Fprintf(b, " — delivery stopped: %s", s.Disabled)
			} else if !s.MutedUntil.IsZero() {
				fmt.Fprintf(b, " — muted until %s", s.MutedUntil.UTC().Format("2 Jan 15:04 UTC"))
			}
			b.WriteString("\n")
		}
	}
	if r.Schedule != nil {
		if r.Schedule.Off {
			b.WriteString("Daily digest: off.\n")
		} else {
			fmt.Fprintf(b, "Daily digest: %s %s.\n", r.Schedule.Time, r.Schedule.Zone)
		}
	}
	if r.Hint != "" {
		fmt.Fprintf(b, "Try: %s\n", r.Hint)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
