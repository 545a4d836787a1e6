package slackbot

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"

	"github.com/slack-go/slack"

	"briefbot/bot"
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
// order they must be posted. The core composes what is said; render maps
// its spans to mrkdwn and its blocks to Block Kit, and splits to Slack's
// limits. It is pure: now only decides whether a mute is still in force.
// Every piece of feed, user and configuration text is escaped, so it can
// neither ping anyone nor inject links.
func render(r bot.Response, now time.Time) []message {
	doc := bot.ComposeResponse(r, now)
	fallback := clipEscaped(strings.TrimSpace(doc.PlainText()), maxFallback)
	if fallback == "" {
		fallback = "(empty message)" // Slack refuses a message with neither text nor blocks
	}
	// Context lines at the end (paging, hints) stay with the buttons.
	body := doc.Blocks
	var tail []slack.Block
	for len(body) > 0 && body[len(body)-1].Kind == bot.BlockContext {
		body = body[:len(body)-1]
	}
	for _, blk := range doc.Blocks[len(body):] {
		tail = append(tail, contextBlock(mapLines(blk.Lines, maxContextText)...))
	}
	if a := actionsBlock(doc.Buttons); a != nil {
		tail = append(tail, a)
	}
	var units [][]slack.Block
	for i := 0; i < len(body); i++ {
		blk := body[i]
		switch blk.Kind {
		case bot.BlockItem:
			units = append(units, itemBlocks(*blk.Item))
		case bot.BlockContext:
			units = append(units, []slack.Block{contextBlock(mapLines(blk.Lines, maxContextText)...)})
		case bot.BlockSection:
			// A sub-heading travels with the block after it, so a split
			// never leaves it alone at the end of a message.
			u := []slack.Block{section(strings.Join(mapLines(blk.Lines, maxSectionText/len(blk.Lines)), "\n"))}
			if i+1 < len(body) && body[i+1].Kind == bot.BlockItem {
				i++
				u = append(u, itemBlocks(*body[i].Item)...)
			}
			units = append(units, u)
		default:
			lines := mapLines(blk.Lines, maxSectionText-len(warning))
			if doc.Warning && len(units) == 0 && len(lines) > 0 {
				lines[0] = warning + lines[0]
			}
			units = append(units, linesToSections(lines)...)
		}
	}
	return pack(doc.Heading, units, tail, fallback)
}

// Preview renders a response as the JSON of the messages this adapter
// would post, for tests that compare what each platform shows.
func Preview(r bot.Response, now time.Time) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(render(r, now)); err != nil {
		return "encode: " + err.Error()
	}
	return b.String()
}

// warning flags an error's first line.
const warning = ":warning: "

// maxContextText bounds one context element's text; Slack allows 3,000.
const maxContextText = 1000

// mapLines maps each line to mrkdwn of at most limit characters.
func mapLines(lines []bot.Line, limit int) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, mapLine(l, limit))
	}
	return out
}

// mapLine maps a line's spans to mrkdwn. Each span's text is escaped and
// cut to what the limit leaves, never inside an entity, so the result is
// at most limit characters however much escaping lengthens the text.
func mapLine(l bot.Line, limit int) string {
	var b strings.Builder
	n := 0
	for _, sp := range l {
		var open, shut string
		switch sp.Kind {
		case bot.SpanStrong:
			open, shut = "*", "*"
		case bot.SpanEmph:
			open, shut = "_", "_"
		case bot.SpanCode:
			open, shut = "`", "`"
		case bot.SpanLink:
			// Linked only when the target and the whole text fit: else
			// the text alone, so the rest of the line survives.
			if u, ok := linkURL(sp.URL); ok && textLen(u)+3+textLen(escape(sp.Text)) <= limit-n {
				open, shut = "<"+u+"|", ">"
			}
		}
		room := limit - n - textLen(open) - textLen(shut)
		if room < 2 {
			break
		}
		text := sp.Text
		if sp.Kind == bot.SpanCode {
			text = strings.ReplaceAll(text, "`", "'")
		}
		if open == "<" || strings.HasPrefix(open, "<") {
			text = strings.ReplaceAll(text, "|", "¦") // '|' would end the link text early
		}
		esc := clipEscaped(text, room)
		if textLen(esc) > room {
			break // a clip keeps at least a few characters, which do not fit
		}
		b.WriteString(open + esc + shut)
		n += textLen(open) + textLen(esc) + textLen(shut)
	}
	return b.String()
}

// itemBlocks lays out one story: a section with its numbered, linked
// headline, the source line and the summary, then a context line with
// why it matched and where else it ran.
func itemBlocks(it bot.Item) []slack.Block {
	num := ""
	if it.Number > 0 {
		num = fmt.Sprintf("%d. ", it.Number)
	}
	head := mapLine(bot.Line{bot.Strong(num + it.Title)}, 400)
	if u, ok := linkURL(it.Link); ok {
		head = "*" + num + "<" + u + "|" + clipEscaped(strings.ReplaceAll(it.Title, "|", "¦"), 300) + ">*"
	}
	text := head
	if len(it.Meta) > 0 {
		text += "\n" + mapLine(it.Meta, 500)
	}
	if len(it.Summary) > 0 {
		text += "\n" + mapLine(it.Summary, maxSectionText-textLen(text)-1)
	}
	blocks := []slack.Block{section(text)}
	if len(it.Context) > 0 {
		blocks = append(blocks, contextBlock(mapLines(it.Context, maxContextText)...))
	}
	return blocks
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
		// The label's first word names the action ("more", "mute"): the
		// command alone would call every page button "brief".
		id := strings.ToLower(strings.Fields(a.Label + " x")[0])
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
