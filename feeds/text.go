package feeds

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/charmap"
)

// dropped are elements whose content is never readable text.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
	atom.Head: true, atom.Select: true, atom.Button: true, atom.Form: true,
}

// voids are HTML's void elements (HTML Living Standard §13.1.2): they
// have no content and no end tag, so a start tag never opens anything.
// <embed> is both void and dropped: it must not make the text after it
// wait for an </embed> that never comes.
var voids = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true,
	atom.Embed: true, atom.Hr: true, atom.Img: true, atom.Input: true,
	atom.Link: true, atom.Meta: true, atom.Param: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Keygen: true,
}

// blocks are elements that start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true,
	atom.Main: true, atom.Blockquote: true, atom.Pre: true, atom.Figure: true,
	atom.Figcaption: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Ul: true, atom.Ol: true,
	atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Hr: true,
	atom.Address: true, atom.Details: true, atom.Summary: true,
	atom.Fieldset: true, atom.Body: true, atom.Html: true,
}

// htmlToText renders an HTML fragment (or plain text with entities) as
// plain text: scripts, styles and embeds dropped, entities decoded,
// whitespace collapsed inside a paragraph, paragraphs separated by one
// blank line, and <br> kept as a line break.
func htmlToText(s string) string {
	return renderText(s, false)
}

// renderText is htmlToText; with literalUnknown, a tag that is not an HTML
// element ("<Vienna>" in a headline) is kept as text rather than dropped.
func renderText(s string, literalUnknown bool) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	var w textWriter
	w.b.Grow(len(s))
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // depth inside dropped elements
	var skipTag atom.Atom
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.String()
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == 0 && literalUnknown && skip == 0:
				w.text(string(z.Raw()))
			case skip > 0:
				if a == skipTag && tt == html.StartTagToken {
					skip++
				}
			case dropped[a]:
				if tt == html.StartTagToken && !voids[a] {
					skip, skipTag = 1, a
				}
			case a == atom.Br:
				w.lineBreak()
			case a == atom.Td || a == atom.Th:
				w.text(" ")
			case blocks[a]:
				w.paragraph()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == 0 && literalUnknown && skip == 0:
				w.text(string(z.Raw()))
			case skip > 0:
				if a == skipTag {
					skip--
				}
			case a == atom.Br:
				// HTML reads a stray </br> as <br>.
				w.lineBreak()
			case blocks[a]:
				w.paragraph()
			}
		}
	}
}

// textWriter accumulates text, collapsing whitespace and keeping at most
// one blank line between paragraphs.
type textWriter struct {
	b       strings.Builder
	pending int // 0: nothing; 1: space; 2: line break; 3: paragraph break
}

func (w *textWriter) text(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
				w.pend(1)
			case c < 0x20 || c == 0x7f:
			default:
				w.flush()
				w.b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
		case r >= 0x80 && r <= 0x9F:
			// A C1 control in feed text is a windows-1252 byte that was
			// decoded as ISO-8859-1: U+0092 is the apostrophe of "don't".
			if c := charmap.Windows1252.DecodeByte(byte(r)); c != r && c != utf8.RuneError {
				w.flush()
				w.b.WriteRune(c)
			}
		case unicode.IsSpace(r):
			w.pend(1)
		case keptFormat[r]:
			w.flush()
			w.b.WriteString(s[i-size : i])
		case !unicode.IsPrint(r):
		default:
			w.flush()
			w.b.WriteString(s[i-size : i])
		}
	}
}

// keptFormat are the invisible format characters that carry meaning in
// text: zero-width joiner and non-joiner (Persian, Indic scripts, emoji)
// and the directional marks LRM, RLM and ALM, which place punctuation and
// numbers correctly in mixed Persian or Arabic and Latin text. Every other
// format character goes, notably the embeddings, overrides (U+202A to
// U+202E) and isolates (U+2066 to U+2069) that can reorder how a title
// reads, and whose effect would leak into the surrounding message.
var keptFormat = map[rune]bool{
	'\u200c': true, '\u200d': true, // ZWNJ, ZWJ
	'\u200e': true, '\u200f': true, '\u061c': true, // LRM, RLM, ALM
}

// flush writes the pending separator before the next visible character.
func (w *textWriter) flush() {
	if w.b.Len() > 0 {
		switch w.pending {
		case 1:
			w.b.WriteByte(' ')
		case 2:
			w.b.WriteByte('\n')
		case 3:
			w.b.WriteString("\n\n")
		}
	}
	w.pending = 0
}

func (w *textWriter) pend(level int) { w.pending = max(w.pending, level) }

func (w *textWriter) lineBreak() {
	if w.pending == 2 {
		// <br><br> is how many feeds separate paragraphs.
		w.pending = 3
		return
	}
	w.pend(2)
}

func (w *textWriter) paragraph()     { w.pend(3) }
func (w *textWriter) String() string { return w.b.String() }

// collapse squeezes runs of whitespace into one space, keeping blank lines
// as paragraph breaks, for text that has no markup.
func collapse(s string) string {
	var w textWriter
	w.b.Grow(len(s))
	for para := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		w.paragraph()
		w.text(para)
	}
	return w.String()
}

// singleLine renders a title as one line of plain text. Feeds put both
// markup and escaped text in titles, so only real HTML elements count as
// markup: "<b>Iran</b> talks" loses its tags, "Talks in <Vienna>" keeps
// its words.
func singleLine(s string) string {
	return strings.Join(strings.Fields(renderText(s, true)), " ")
}

// truncateWords shortens s to at most n runes at a word boundary, adding
// an ellipsis when it cut.
func truncateWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, end, count := 0, 0, 0
	for i := range s {
		if count == n {
			if s[i] == ' ' {
				cut = i
			}
			end = i
			break
		}
		if s[i] == ' ' {
			cut = i
		}
		count++
	}
	if cut == 0 {
		return s[:end] + "…"
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}
