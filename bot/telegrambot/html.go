package telegrambot

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxMessageLen is Telegram's limit on a message's text, 4,096 characters
// after entity parsing (Bot API, sendMessage). The splitter counts the HTML
// itself in UTF-16 code units, tags and entities included: never less than
// what Telegram counts, so every part it makes fits.
const MaxMessageLen = 4096

// Telegram HTML style (Bot API, "HTML style") supports a handful of tags
// and, of named entities, only &lt; &gt; &amp; and &quot;. Every piece of
// feed or user text passes through one of these escapers before it is
// placed in a message; nothing else builds markup.

// escapeText escapes untrusted text for use between tags, keeping line
// breaks. It also drops what Telegram refuses or a reader cannot see:
// invalid UTF-8, control characters and bidirectional overrides.
func escapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case invisible(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeInline escapes untrusted text that must stay on one line (a title
// inside <b>…</b>): line breaks become spaces, so the splitter, which cuts
// at line breaks, never cuts inside the tag.
func escapeInline(s string) string {
	return escapeText(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s))
}

// escapeAttr escapes text for a double-quoted attribute value.
func escapeAttr(s string) string {
	return strings.ReplaceAll(escapeInline(s), `"`, "&quot;")
}

func invisible(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return unicode.Is(unicode.Cc, r)
}

// maxHrefLen bounds a link target, so a line's markup always leaves room
// for its text within a message.
const maxHrefLen = 1024

// link renders an anchor around already escaped inner HTML when href is
// an absolute http(s) URL of sane length; anything else (javascript:, tg:,
// relative paths) leaves the inner HTML unlinked.
func link(href, inner string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(u.String()) > maxHrefLen {
		return inner
	}
	return `<a href="` + escapeAttr(u.String()) + `">` + inner + `</a>`
}

// clipHTML escapes raw inline text and cuts it to at most limit UTF-16
// units of HTML, ending with "…" when it cut. The cut is made on the raw
// text, rune by rune, counting what each rune escapes to, so it never
// splits an entity and the result never exceeds the limit.
func clipHTML(raw string, limit int) string {
	esc := escapeInline(raw)
	if utf16Len(esc) <= limit {
		return esc
	}
	var b strings.Builder
	n := 0
	for _, r := range raw {
		piece := escapeInline(string(r))
		if n+utf16Len(piece) > limit-1 {
			break
		}
		b.WriteString(piece)
		n += utf16Len(piece)
	}
	return b.String() + "…"
}

// clipRunes shortens s to at most n runes, marking the cut with "…".
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n-1 {
			return s[:k] + "…"
		}
		i++
	}
	return s
}

// utf16Len counts s in UTF-16 code units, the unit of Telegram's limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// splitHTML packs blocks (paragraphs, each balanced HTML) into messages of
// at most limit UTF-16 units, joining neighbours with a blank line. A block
// too long on its own is cut at line breaks, and a line too long on its own
// at a space, closing the tags open at the cut and reopening them in the
// next part, so every part is valid HTML. It never cuts inside a tag or an
// entity. Empty blocks are skipped.
func splitHTML(blocks []string, limit int) []string {
	var parts []string
	cur := ""
	add := func(piece, sep string) {
		switch {
		case cur == "":
			cur = piece
		case utf16Len(cur)+utf16Len(sep)+utf16Len(piece) <= limit:
			cur += sep + piece
		default:
			parts = append(parts, cur)
			cur = piece
		}
	}
	for _, blk := range blocks {
		blk = strings.Trim(blk, "\n")
		if strings.TrimSpace(blk) == "" {
			continue
		}
		if utf16Len(blk) <= limit {
			add(blk, "\n\n")
			continue
		}
		// Too long for one message: cut it at line breaks.
		first := true
		for line := range strings.SplitSeq(blk, "\n") {
			sep := "\n"
			if first {
				sep, first = "\n\n", false
			}
			if utf16Len(line) <= limit {
				add(line, sep)
				continue
			}
			for _, piece := range splitLine(line, limit) {
				add(piece, sep)
				sep = "\n"
			}
		}
	}
	if strings.TrimSpace(cur) != "" {
		parts = append(parts, cur)
	}
	return parts
}

// token is one indivisible piece of an HTML line: a tag, an entity or a rune.
type token struct {
	s    string
	n    int    // UTF-16 length
	open string // tag name when s opens a tag
	shut string // tag name when s closes a tag
}

func tokenize(line string) []token {
	out := make([]token, 0, len(line))
	for i := 0; i < len(line); {
		switch line[i] {
		case '<':
			if j := strings.IndexByte(line[i:], '>'); j > 0 {
				s := line[i : i+j+1]
				t := token{s: s, n: utf16Len(s)}
				name := strings.TrimPrefix(s[1:len(s)-1], "/")
				if k := strings.IndexAny(name, " \t"); k >= 0 {
					name = name[:k]
				}
				if strings.HasPrefix(s, "</") {
					t.shut = name
				} else {
					t.open = name
				}
				out = append(out, t)
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(line[i:], ';'); j > 0 && j <= 10 {
				s := line[i : i+j+1]
				out = append(out, token{s: s, n: len(s)})
				i += j + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		s := line[i : i+size]
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		out = append(out, token{s: s, n: n})
		i += size
	}
	return out
}

// splitLine cuts one balanced HTML line into parts of at most limit units.
func splitLine(line string, limit int) []string {
	toks := tokenize(line)
	// stacks[i] is the list of open tags (token indices) before toks[i].
	stacks := make([][]int, len(toks)+1)
	var st []int
	for i, t := range toks {
		stacks[i] = st
		switch {
		case t.open != "":
			st = append(st[:len(st):len(st)], i)
		case t.shut != "" && len(st) > 0:
			st = st[: len(st)-1 : len(st)-1]
		}
	}
	stacks[len(toks)] = st
	opening := func(s []int) (string, int) {
		var b strings.Builder
		n := 0
		for _, i := range s {
			b.WriteString(toks[i].s)
			n += toks[i].n
		}
		return b.String(), n
	}
	closing := func(s []int) (string, int) {
		var b strings.Builder
		n := 0
		for k := len(s) - 1; k >= 0; k-- {
			c := "</" + toks[s[k]].open + ">"
			b.WriteString(c)
			n += len(c)
		}
		return b.String(), n
	}
	var parts []string
	start := 0
	for start < len(toks) {
		prefix, pn := opening(stacks[start])
		body := 0
		end := start
		for end < len(toks) {
			_, cn := closing(stacks[end+1])
			if pn+body+toks[end].n+cn > limit {
				break
			}
			body += toks[end].n
			end++
		}
		if end == start {
			end = start + 1 // a single token longer than the limit: cannot happen with sane limits
		}
		if end < len(toks) {
			// Prefer to cut at a space in the second half of the part.
			for k := end; k > start+(end-start)/2; k-- {
				if toks[k].s == " " {
					end = k
					break
				}
			}
			// Do not leave a tag opened and at once closed at the cut.
			for end-1 > start && toks[end-1].open != "" {
				end--
			}
		}
		var b strings.Builder
		b.WriteString(prefix)
		for _, t := range toks[start:end] {
			b.WriteString(t.s)
		}
		suffix, _ := closing(stacks[end])
		b.WriteString(suffix)
		parts = append(parts, b.String())
		start = end
		for start < len(toks) && toks[start].s == " " {
			start++
		}
	}
	return parts
}
