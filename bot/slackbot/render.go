package slackbot

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/brief"
)

// Slack's limits on a message, from the Block Kit reference
// (https://docs.slack.dev/reference/block-kit/blocks) and chat.postMessage.
const (
	// maxBlocks is the number of blocks one message may carry.
	maxBlocks = 50
	// maxSectionText is the length of a section block's text.
	maxSectionText = 3000
	// maxHeaderText is the length of a header block's plain_text.
	maxHeaderText = 150
	// maxButtonText is the length of a button's label.
	maxButtonText = 75
	// maxMessageChars is where Slack truncates a message's text; we keep
	// the fallback text plus every block's text below it.
	maxMessageChars = 40000
	// maxFallback bounds the notification text; chat.postMessage
	// recommends at most 4,000 characters.
	maxFallback = 3000
	// bodyBudget is what a message's blocks may hold after the fallback
	// text and a margin for the header, continuation line and buttons.
	bodyBudget = maxMessageChars - maxFallback - 1000
)

// message is one Slack message as we send it: Block Kit blocks and the
// plain-text fallback Slack shows in notifications. Links never unfurl: a
// briefing lists many links and previews would bury it.
type message struct {
	Text        string        `json:"text"`
	Blocks      []slack.Block `json:"blocks"`
	UnfurlLinks bool          `json:"unfurl_links"`
	UnfurlMedia bool          `json:"unfurl_media"`
}

// render turns a response into the Slack messages that carry it, in the
// order they must be posted. It is pure: now only decides whether a mute
// is still in force. Every piece of feed, user and configuration text is
// escaped, so it can neither ping anyone nor inject links.
func render(r bot.Response, now time.Time) []message {
	fallback := clipEscaped(strings.TrimSpace(r.PlainText()), maxFallback)
	if fallback == "" {
		fallback = "(empty message)" // Slack refuses a message with neither text nor blocks
	}
	switch r.Kind {
	case bot.KindAlert, bot.KindBriefing:
		if r.Briefing != nil {
			return renderBriefing(r.Kind, *r.Briefing, r.Actions(), fallback)
		}
	case bot.KindDigest:
		if r.Digest != nil {
			return renderDigest(*r.Digest, fallback)
		}
	case bot.KindTopics:
		return renderTopics(r.Topics, fallback)
	case bot.KindSubscriptions:
		return renderSubscriptions(r, now, fallback)
	case bot.KindHelp:
		return renderHelp(r, fallback)
	case bot.KindError:
		return renderText(":warning: ", r.Text, r.Hint, fallback)
	}
	return renderText("", r.Text, r.Hint, fallback)
}

func renderBriefing(kind bot.Kind, b brief.Briefing, actions []bot.Action, fallback string) []message {
	var units [][]slack.Block
	if len(b.Stories) == 0 {
		units = append(units, []slack.Block{section(escape(fmt.Sprintf("Nothing on %s in the %s.", b.Topic.Title, bot.WindowLabel(b.Since, b.Until))))})
	}
	for i, s := range b.Stories {
		units = append(units, storyBlocks(b.Offset+i+1, s))
	}
	var tail []slack.Block
	if more := bot.MoreLine(kind, brief.PlatformSlack, b); more != "" {
		tail = append(tail, contextBlock(escape(more)))
	}
	if a := actionsBlock(actions); a != nil {
		tail = append(tail, a)
	}
	return pack(bot.Headline(kind, b), units, tail, fallback)
}

func renderDigest(d brief.Digest, fallback string) []message {
	var units [][]slack.Block
	for _, sec := range d.Sections {
		if len(sec.Stories) == 0 {
			units = append(units, []slack.Block{section(fmt.Sprintf("*%s*: nothing new.", escape(clip(sec.Topic.Title, 200))))})
			continue
		}
		// The topic's heading travels with its first story, so a split
		// never leaves a heading alone at the end of a message.
		head := section(fmt.Sprintf("*%s* · %s", escape(clip(sec.Topic.Title, 200)), plural(sec.Total, "new story", "new stories")))
		for i, s := range sec.Stories {
			u := storyBlocks(i+1, s)
			if i == 0 {
				u = append([]slack.Block{head}, u...)
			}
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		units = append(units, []slack.Block{section("No topics in this digest.")})
	}
	return pack(fmt.Sprintf("Daily digest · %s (%s)", d.Date, d.Zone), units, nil, fallback)
}

func renderTopics(topics []brief.Topic, fallback string) []message {
	var lines []string
	for _, t := range topics {
		line := fmt.Sprintf("• `%s` — *%s*", escape(clip(t.ID, 64)), escape(clip(t.Title, 200)))
		if t.Description != "" {
			line += ": " + escape(clip(t.Description, 1000))
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = append(lines, "No topics are configured.")
	}
	tail := []slack.Block{contextBlock("Ask with `" + escape(bot.Spell(brief.PlatformSlack, bot.CmdBrief, "<topic>")) + "`.")}
	return pack("Topics I watch", linesToSections(lines), tail, fallback)
}

func renderSubscriptions(r bot.Response, now time.Time, fallback string) []message {
	var lines []string
	if len(r.Subscriptions) == 0 {
		lines = append(lines, "This channel follows no topics yet.")
	} else {
		lines = append(lines, "*This channel follows:*")
		for _, s := range r.Subscriptions {
			line := fmt.Sprintf("• `%s` (%s)", escape(clip(s.TopicID, 64)), escape(string(s.Mode)))
			switch {
			case s.Disabled != "":
				line += " — delivery stopped: " + escape(clip(s.Disabled, 300))
			case s.MutedUntil.After(now):
				line += " — muted until " + s.MutedUntil.UTC().Format("2 Jan 15:04 UTC")
			}
			lines = append(lines, line)
		}
	}
	if sc := r.Schedule; sc != nil {
		if sc.Off {
			lines = append(lines, "Daily digest: off.")
		} else {
			lines = append(lines, fmt.Sprintf("Daily digest: %s %s.", escape(sc.Time), escape(sc.Zone)))
		}
	}
	return pack("", linesToSections(lines), hintBlocks(r.Hint), fallback)
}

func renderHelp(r bot.Response, fallback string) []message {
	lines := []string{"*Commands*"}
	for _, h := range r.Help {
		lines = append(lines, fmt.Sprintf("`%s` — %s", escape(h.Usage), escape(h.Summary)))
	}
	var tail []slack.Block
	if len(r.Help) > 1 {
		tail = append(tail, contextBlock("In a direct message, or after @mentioning me in a channel, type the same words without the slash: `brief iran-russia 7d`, `topics`, `help`."))
	}
	if r.Text != "" {
		tail = append(tail, contextBlock(escape(clip(r.Text, 2000))))
	}
	return pack("", linesToSections(lines), tail, fallback)
}

// renderText renders a notice or an error: the text, then what to type.
func renderText(prefix, text, hint, fallback string) []message {
	var units [][]slack.Block
	if strings.TrimSpace(text) == "" {
		text = "(no text)" // Slack refuses an empty section
	}
	for i, c := range chunk(text, maxSectionText-len(prefix)) {
		if i == 0 {
			c = prefix + c
		}
		units = append(units, []slack.Block{section(c)})
	}
	return pack("", units, hintBlocks(hint), fallback)
}

func hintBlocks(hint string) []slack.Block {
	if hint == "" {
		return nil
	}
	return []slack.Block{contextBlock("Try: `" + escape(clip(hint, 500)) + "`")}
}

// storyBlocks renders one story: its linked, numbered title and summary
// (in as many sections as the summary needs), then a context line with the
// source and time, the terms that matched, and the other feeds that
// carried it.
func storyBlocks(n int, s brief.Story) []slack.Block {
	a := s.Article
	title := strings.TrimSpace(a.Title)
	if title == "" {
		title = "(untitled)"
	}
	head := fmt.Sprintf("*%d. %s*", n, clipEscaped(title, 300))
	if u, ok := linkURL(a.Link); ok {
		head = fmt.Sprintf("*%d. <%s|%s>*", n, u, clipEscaped(title, 300))
	}
	var blocks []slack.Block
	summary := strings.TrimSpace(strings.Join(s.Match.Summary, " "))
	if summary == "" {
		blocks = append(blocks, section(head))
	} else {
		for i, c := range chunk(summary, maxSectionText-textLen(head)-1) {
			if i == 0 {
				c = head + "\n" + c
			}
			blocks = append(blocks, section(c))
		}
	}
	meta := []string{}
	if a.Source != "" {
		meta = append(meta, escape(clip(a.Source, 200)))
	}
	meta = append(meta, bot.StoryTime(a.Published))
	elems := []string{strings.Join(meta, " · ")}
	if terms := s.Match.Why(bot.WhyTerms); len(terms) > 0 {
		elems = append(elems, "Why: "+escape(clip(strings.Join(terms, ", "), 1000)))
	}
	if len(s.AlsoIn) > 0 {
		var names []string
		for _, src := range s.AlsoIn {
			names = append(names, src.Name)
		}
		elems = append(elems, "Also in: "+escape(clip(strings.Join(names, ", "), 1000)))
	}
	return append(blocks, contextBlock(elems...))
}

// linkURL returns an article link ready for Slack's <url|text> syntax, or
// false when it should not be linked: only absolute http(s) URLs of a
// sane length are. '|' would end the URL early, so it is percent-encoded.
func linkURL(raw string) (string, bool) {
	if raw == "" || len(raw) > 1500 {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return "", false
		}
	}
	esc := strings.ReplaceAll(escape(raw), "|", "%7C")
	if len(esc) > 1500 {
		return "", false
	}
	return esc, true
}

// pack lays units (groups of blocks that belong together, such as one
// story) into as few messages as Slack's limits allow, in order. The
// first message opens with a header; later ones with a context line
// saying which part they are. tail (a footer, buttons) closes the last.
func pack(head string, units [][]slack.Block, tail []slack.Block, fallback string) []message {
	budget := maxBlocks - len(tail) - 1
	var parts [][]slack.Block
	var cur []slack.Block
	chars := 0
	add := func(u []slack.Block) {
		n := blocksLen(u)
		if len(cur) > 0 && (len(cur)+len(u) > budget || chars+n > bodyBudget) {
			parts = append(parts, cur)
			cur, chars = nil, 0
		}
		cur = append(cur, u...)
		chars += n
	}
	for _, u := range units {
		if len(u) > budget {
			// Too big to keep together: let it break between blocks.
			for _, b := range u {
				add([]slack.Block{b})
			}
			continue
		}
		add(u)
	}
	if len(cur) > 0 || len(parts) == 0 {
		parts = append(parts, cur)
	}
	out := make([]message, len(parts))
	for i, p := range parts {
		var blocks []slack.Block
		text := fallback
		switch {
		case i == 0 && head != "":
			blocks = append(blocks, slack.NewHeaderBlock(plainText(clipEscaped(head, maxHeaderText))))
		case i > 0:
			cont := fmt.Sprintf("continued (%d/%d)", i+1, len(parts))
			if head != "" {
				cont = clip(head, 200) + " · " + cont
			}
			blocks = append(blocks, contextBlock(escape(cont)))
			text = escape(cont)
		}
		blocks = append(blocks, p...)
		if i == len(parts)-1 {
			blocks = append(blocks, tail...)
		}
		out[i] = message{Text: text, Blocks: blocks}
	}
	return out
}

// linesToSections joins rendered lines into as few sections as the
// section text limit allows. A line longer than the limit is clipped.
func linesToSections(lines []string) [][]slack.Block {
	var units [][]slack.Block
	var b strings.Builder
	n := 0
	for _, l := range lines {
		if ln := textLen(l); ln > maxSectionText {
			l = clipMarkup(l, maxSectionText)
		}
		ln := textLen(l)
		if n > 0 && n+1+ln > maxSectionText {
			units = append(units, []slack.Block{section(b.String())})
			b.Reset()
			n = 0
		}
		if n > 0 {
			b.WriteByte('\n')
			n++
		}
		b.WriteString(l)
		n += ln
	}
	if n > 0 {
		units = append(units, []slack.Block{section(b.String())})
	}
	return units
}

// clipMarkup shortens already rendered text at a space, so it never cuts
// an entity like &amp; in half.
func clipMarkup(s string, limit int) string {
	n, cut := 0, 0
	for i, r := range s {
		if n+textLen(string(r)) > limit-1 {
			break
		}
		if r == ' ' {
			cut = i
		}
		n += textLen(string(r))
	}
	return s[:cut] + "…"
}

func actionsBlock(actions []bot.Action) slack.Block {
	if len(actions) == 0 {
		return nil
	}
	var elems []slack.BlockElement
	seen := map[string]int{}
	for _, a := range actions {
		id := strings.TrimPrefix(strings.Fields(a.Command + " x")[0], "/")
		if seen[id]++; seen[id] > 1 {
			id = fmt.Sprintf("%s-%d", id, seen[id])
		}
		elems = append(elems, slack.NewButtonBlockElement(id, a.Command, plainText(clipEscaped(a.Label, maxButtonText))))
	}
	return slack.NewActionBlock("", elems...)
}

func section(text string) slack.Block {
	return slack.NewSectionBlock(mrkdwnText(text), nil, nil)
}

func contextBlock(texts ...string) slack.Block {
	var elems []slack.MixedElement
	for _, t := range texts {
		elems = append(elems, mrkdwnText(t))
	}
	return slack.NewContextBlock("", elems...)
}

// mrkdwnText is verbatim, so Slack does not turn bare words like @channel
// or #general into mentions and links: only the markup we write counts.
func mrkdwnText(s string) *slack.TextBlockObject {
	return &slack.TextBlockObject{Type: slack.MarkdownType, Text: s, Verbatim: true}
}

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escape makes untrusted text safe for Slack: '&', '<' and '>' are the
// only characters Slack parses as control characters, so "<!channel>" in
// a feed title reaches readers as text and pings nobody.
func escape(s string) string { return escaper.Replace(s) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// unescape reverses Slack's escaping of what users type.
func unescape(s string) string { return unescaper.Replace(s) }

// textLen is a text's length as Slack counts it, in UTF-16 code units
// (at least the number of characters, so limits hold either way).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func blocksLen(blocks []slack.Block) int {
	n := 0
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.SectionBlock:
			if b.Text != nil {
				n += textLen(b.Text.Text)
			}
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					n += textLen(t.Text)
				}
			}
		case *slack.HeaderBlock:
			n += textLen(b.Text.Text)
		}
	}
	return n
}

// chunk escapes raw text and cuts it into pieces of at most limit
// characters each, at a space where it can, never inside an entity.
func chunk(raw string, limit int) []string {
	limit = max(limit, 16)
	var out []string
	var b strings.Builder
	n := 0   // length of b
	cut := 0 // byte offset in b of the last space, 0 when none
	for _, r := range raw {
		piece := escape(string(r))
		pl := textLen(piece)
		if n > 0 && n+pl > limit {
			s := b.String()
			head := ""
			if cut > 0 {
				head = strings.TrimRightFunc(s[:cut], unicode.IsSpace)
			}
			if head == "" {
				out = append(out, s)
				b.Reset()
				n = 0
			} else {
				out = append(out, head)
				rest := strings.TrimLeftFunc(s[cut:], unicode.IsSpace)
				b.Reset()
				b.WriteString(rest)
				n = textLen(rest)
			}
			cut = 0
		}
		if unicode.IsSpace(r) && b.Len() > 0 {
			cut = b.Len()
		}
		b.WriteString(piece)
		n += pl
	}
	if b.Len() > 0 || len(out) == 0 {
		out = append(out, b.String())
	}
	return out
}

// clip shortens raw text to at most limit characters, ending with "…"
// when it cut. Escape the result; escaping may lengthen it.
func clip(raw string, limit int) string {
	if textLen(raw) <= limit {
		return raw
	}
	n := 0
	for i, r := range raw {
		if n+utf16.RuneLen(r) > limit-1 {
			return raw[:i] + "…"
		}
		n += utf16.RuneLen(r)
	}
	return raw
}

// clipEscaped escapes raw text and shortens the result to at most limit
// characters, ending with "…" when it cut, never inside an entity.
func clipEscaped(raw string, limit int) string {
	c := chunk(raw, limit-1)
	if len(c) > 1 {
		return c[0] + "…"
	}
	return c[0]
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
