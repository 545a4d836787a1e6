package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Document is what a chat sees, composed once by the core for every
// platform: a heading, blocks of spans, and buttons. Adapters map spans to
// their markup (Slack mrkdwn and Block Kit, Telegram HTML, plain text) and
// split the blocks to their platform's limits; they add no wording.
//
// Every text field holds raw, unescaped text that Compose has already
// bounded (see the Max* constants), so one hostile feed item can never
// grow into many messages. Adapters still cut to their own limits with an
// escaping-aware cut, because escaping lengthens text.
type Document struct {
	// Heading is the one-line title (a briefing's topic, window and
	// count); empty for notices and errors.
	Heading string
	// Warning marks an error, which adapters may flag (Slack's :warning:).
	Warning bool
	Blocks  []Block
	// Buttons are actions that send their command back as if typed.
	Buttons []Action
}

// BlockKind says how a block is laid out.
type BlockKind uint8

// Block kinds.
const (
	// BlockText is a paragraph: one or more lines.
	BlockText BlockKind = iota
	// BlockSection is a sub-heading (a digest's topic); adapters keep it
	// with the block after it when they split.
	BlockSection
	// BlockItem is one story.
	BlockItem
	// BlockContext is small print: paging, hints, notes.
	BlockContext
)

// Block is one paragraph-level element of a Document.
type Block struct {
	Kind BlockKind
	// Lines hold the text of every kind but BlockItem.
	Lines []Line
	// Item is the story of a BlockItem.
	Item *Item
}

// Line is a run of spans shown on one line.
type Line []Span

// Item is one story in a briefing, alert or digest. Its shape fits a
// story of many articles too: a linked headline, one meta line, a summary
// whose spans may carry links (citations), context lines, and links to
// outlets.
type Item struct {
	// Number is the story's position in the whole briefing, from 1; 0
	// leaves it unnumbered.
	Number int
	// Title is the headline; Link, when set, is where it points.
	Title string
	Link  string
	// Meta is one line of source, outlet count and time.
	Meta Line
	// Summary is at most a couple of sentences; empty in short form. Its
	// links are citations: in plain text their text stays in place and
	// their URLs are listed under the summary.
	Summary Line
	// Context holds "Why" and "Also in" lines.
	Context []Line
}

// SpanKind says how a span of text is marked up.
type SpanKind uint8

// Span kinds.
const (
	SpanText   SpanKind = iota // plain text
	SpanStrong                 // bold
	SpanEmph                   // italic
	SpanCode                   // a command to type, monospaced
	SpanLink                   // Text linked to URL
)

// Span is a piece of text with one kind of markup.
type Span struct {
	Kind SpanKind
	Text string
	// URL is the target of a SpanLink: an absolute http(s) URL, else the
	// span is shown as plain text.
	URL string
}

// Text, Strong, Emph, Code and Link build spans.
func Text(s string) Span   { return Span{Kind: SpanText, Text: s} }
func Strong(s string) Span { return Span{Kind: SpanStrong, Text: s} }
func Emph(s string) Span   { return Span{Kind: SpanEmph, Text: s} }
func Code(s string) Span   { return Span{Kind: SpanCode, Text: s} }
func Link(text, url string) Span {
	if !SafeURL(url) {
		return Text(text)
	}
	return Span{Kind: SpanLink, Text: text, URL: url}
}

// Plain is the line's text without markup; links show their text only.
func (l Line) Plain() string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.Text)
	}
	return b.String()
}

// PlainText renders the document as plain text: the console's output and
// the notification fallback of richer platforms. Untrusted text is
// included as is; whoever prints or sends it escapes it for its medium.
func (d Document) PlainText() string {
	var b strings.Builder
	if d.Heading != "" {
		b.WriteString(d.Heading + "\n")
	}
	for i, blk := range d.Blocks {
		// A blank line between blocks; a sub-heading sits on its first story.
		if b.Len() > 0 && (i == 0 || d.Blocks[i-1].Kind != BlockSection) {
			b.WriteString("\n")
		}
		switch blk.Kind {
		case BlockItem:
			writeItem(&b, *blk.Item)
		default:
			for _, l := range blk.Lines {
				b.WriteString(plainLine(l) + "\n")
			}
		}
	}
	return b.String()
}

func writeItem(b *strings.Builder, it Item) {
	indent := ""
	if it.Number > 0 {
		head := strconv.Itoa(it.Number) + ". "
		b.WriteString(head)
		indent = strings.Repeat(" ", utf8.RuneCountInString(head))
	}
	b.WriteString(it.Title + "\n")
	if len(it.Meta) > 0 {
		b.WriteString(indent + plainLine(it.Meta) + "\n")
	}
	if it.Link != "" && SafeURL(it.Link) {
		b.WriteString(indent + it.Link + "\n")
	}
	if len(it.Summary) > 0 {
		// A summary's links are citations ("[1]"): the number stays in the
		// sentence and the cited articles' URLs are listed under it.
		var text strings.Builder
		var cites []string
		for _, s := range it.Summary {
			text.WriteString(s.Text)
			if s.Kind == SpanLink && !slices.Contains(cites, s.Text+" "+s.URL) {
				cites = append(cites, s.Text+" "+s.URL)
			}
		}
		b.WriteString(indent + text.String() + "\n")
		for _, c := range cites {
			b.WriteString(indent + c + "\n")
		}
	}
	for _, l := range it.Context {
		b.WriteString(indent + plainLine(l) + "\n")
	}
}

// plainLine writes links as "text <url>" so a terminal reader can open
// them; a link whose text is its URL is written once.
func plainLine(l Line) string {
	var b strings.Builder
	for _, s := range l {
		b.WriteString(s.Text)
		if s.Kind == SpanLink && s.URL != s.Text {
			b.WriteString(" <" + s.URL + ">")
		}
	}
	return b.String()
}
