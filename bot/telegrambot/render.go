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

// render turns a response into the messages that carry it. The core
// composes what is said; render maps its spans to Telegram HTML, every
// piece of feed and user text escaped, and splits at limit UTF-16 units
// on paragraph boundaries, with the response's buttons on the last
// message. It is pure: now only decides whether a mute is still in force.
func render(r bot.Response, now time.Time, limit int) []message {
	doc := bot.ComposeResponse(r, now)
	parts := splitHTML(blocks(doc), limit)
	if len(parts) == 0 {
		parts = []string{"…"}
	}
	out := make([]message, len(parts))
	for i, p := range parts {
		out[i] = message{HTML: p}
	}
	out[len(out)-1].Buttons = doc.Buttons
	return out
}

const platform = brief.PlatformTelegram

// Preview renders a response as the HTML messages this adapter would
// send, each followed by its buttons, for tests that compare what each
// platform shows.
func Preview(r bot.Response, now time.Time) string {
	var b strings.Builder
	msgs := render(r, now, MaxMessageLen)
	for i, m := range msgs {
		fmt.Fprintf(&b, "----- message %d of %d (%d UTF-16 units) -----\n%s\n", i+1, len(msgs), utf16Len(m.HTML), m.HTML)
		for _, a := range m.Buttons {
			fmt.Fprintf(&b, "[button %q → %q]\n", a.Label, a.Command)
		}
	}
	return b.String()
}

// Bounds on mapped text, in UTF-16 units of HTML. A story's parts add up
// to under a message (a title of 400 inside a link of up to 1,060, a meta
// line of 400, a summary of 1,300 and two context lines of 400: 3,960),
// so however much escaping lengthens a hostile item, it takes one message.
const (
	maxLineHTML    = 2000
	maxTitleHTML   = 400
	maxMetaHTML    = 400
	maxSummaryHTML = 1300
	maxContextHTML = 400
)

// blocks maps a document to paragraphs, each balanced HTML.
func blocks(d bot.Document) []string {
	var out []string
	if d.Heading != "" {
		out = append(out, "<b>"+clipHTML(d.Heading, maxTitleHTML)+"</b>")
	}
	for i := 0; i < len(d.Blocks); i++ {
		blk := d.Blocks[i]
		switch blk.Kind {
		case bot.BlockItem:
			out = append(out, itemHTML(*blk.Item))
		case bot.BlockSection:
			// A sub-heading sits on the story after it.
			s := strings.Join(mapLines(blk.Lines), "\n")
			if i+1 < len(d.Blocks) && d.Blocks[i+1].Kind == bot.BlockItem {
				i++
				s += "\n" + itemHTML(*d.Blocks[i].Item)
			}
			out = append(out, s)
		case bot.BlockContext:
			var lines []string
			for _, l := range mapLines(blk.Lines) {
				lines = append(lines, "<i>"+l+"</i>")
			}
			out = append(out, strings.Join(lines, "\n"))
		default:
			lines := mapLines(blk.Lines)
			if d.Warning && len(lines) > 0 && i == 0 {
				lines[0] = "⚠️ " + lines[0]
			}
			out = append(out, strings.Join(lines, "\n"))
		}
	}
	return out
}

// itemHTML is one story: numbered linked headline, source line, summary,
// then why it matched and where else it ran, each line balanced.
func itemHTML(it bot.Item) string {
	num := ""
	if it.Number > 0 {
		num = fmt.Sprintf("%d. ", it.Number)
	}
	lines := []string{"<b>" + num + link(it.Link, clipHTML(it.Title, maxTitleHTML)) + "</b>"}
	if len(it.Meta) > 0 {
		lines = append(lines, mapLine(it.Meta, maxMetaHTML))
	}
	if len(it.Summary) > 0 {
		lines = append(lines, mapLine(it.Summary, maxSummaryHTML))
	}
	for _, l := range it.Context {
		lines = append(lines, mapLine(l, maxContextHTML))
	}
	return strings.Join(lines, "\n")
}

func mapLines(lines []bot.Line) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, mapLine(l, maxLineHTML))
	}
	return out
}

// mapLine maps a line's spans to Telegram HTML of at most limit UTF-16
// units. Each span's text is cut before escaping, by a cut that counts
// the escaped length, so escaping cannot push the line over the limit.
func mapLine(l bot.Line, limit int) string {
	var b strings.Builder
	n := 0
	for _, sp := range l {
		var open, shut string
		switch sp.Kind {
		case bot.SpanStrong:
			open, shut = "<b>", "</b>"
		case bot.SpanEmph:
			open, shut = "<i>", "</i>"
		case bot.SpanCode:
			// A whole command stays plain: Telegram makes it tappable.
			if !tappable(sp.Text) {
				open, shut = "<code>", "</code>"
			}
		case bot.SpanLink:
			// Linked only when the target and the whole text fit: else
			// the text alone, so the rest of the line survives.
			if a := link(sp.URL, ""); a != "" && utf16Len(a)+utf16Len(escapeInline(sp.Text)) <= limit-n {
				open, shut = strings.TrimSuffix(a, "</a>"), "</a>"
			}
		}
		room := limit - n - utf16Len(open) - utf16Len(shut)
		if room < 2 {
			break
		}
		esc := clipHTML(sp.Text, room)
		b.WriteString(open + esc + shut)
		n += utf16Len(open) + utf16Len(esc) + utf16Len(shut)
	}
	return b.String()
}

// tappable reports whether s is a complete command a reader can tap:
// Telegram links "/brief" but not "/brief <topic>".
func tappable(s string) bool {
	return strings.HasPrefix(s, "/") && !strings.ContainsAny(s, "<>[]|")
}
