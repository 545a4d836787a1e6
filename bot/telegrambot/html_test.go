package telegrambot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestEscape(t *testing.T) {
	cases := []struct {
		name, in, text, inline, attr string
	}{
		{"markup characters", `<b>&</b> <a href="x">`, `&lt;b&gt;&amp;&lt;/b&gt; &lt;a href="x"&gt;`, `&lt;b&gt;&amp;&lt;/b&gt; &lt;a href="x"&gt;`, `&lt;b&gt;&amp;&lt;/b&gt; &lt;a href=&quot;x&quot;&gt;`},
		{"entities stay literal", "&amp; &#60;", "&amp;amp; &amp;#60;", "&amp;amp; &amp;#60;", "&amp;amp; &amp;#60;"},
		{"line breaks", "a\nb", "a\nb", "a b", "a b"},
		{"control and bidi characters dropped", "a\x00b\x1b[31m\u202ec", "ab[31mc", "ab[31mc", "ab[31mc"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},
		{"plain text unchanged", "Iran–Russia · 7 days", "Iran–Russia · 7 days", "Iran–Russia · 7 days", "Iran–Russia · 7 days"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := escapeText(c.in); got != c.text {
				t.Errorf("escapeText(%q) = %q, want %q", c.in, got, c.text)
			}
			if got := escapeInline(c.in); got != c.inline {
				t.Errorf("escapeInline(%q) = %q, want %q", c.in, got, c.inline)
			}
			if got := escapeAttr(c.in); got != c.attr {
				t.Errorf("escapeAttr(%q) = %q, want %q", c.in, got, c.attr)
			}
		})
	}
}

func TestLink(t *testing.T) {
	cases := []struct{ name, href, want string }{
		{"https link", "https://news.example/a?x=1&y=2", `<a href="https://news.example/a?x=1&amp;y=2">T</a>`},
		{"http link", "http://news.example/", `<a href="http://news.example/">T</a>`},
		{"quote in URL escaped", `https://news.example/"><b>`, `<a href="https://news.example/%22%3E%3Cb%3E">T</a>`},
		{"javascript refused", "javascript:alert(1)", "T"},
		{"tg scheme refused", "tg://resolve?domain=x", "T"},
		{"relative refused", "/a/b", "T"},
		{"empty", "", "T"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := link(c.href, "T"); got != c.want {
				t.Errorf("link(%q) = %q, want %q", c.href, got, c.want)
			}
		})
	}
}

func TestSplitHTML(t *testing.T) {
	para := func(n int) string { return strings.Repeat("x", n) }
	cases := []struct {
		name   string
		blocks []string
		limit  int
		want   []string
	}{
		{"fits in one", []string{"<b>a</b>", "b"}, 100, []string{"<b>a</b>\n\nb"}},
		{"splits on paragraph boundary", []string{para(6), para(6), para(6)}, 14, []string{para(6) + "\n\n" + para(6), para(6)}},
		{"long paragraph cut at line breaks", []string{"aaaa\nbbbb\ncccc"}, 9, []string{"aaaa\nbbbb", "cccc"}},
		{"long line cut at a space, tags reopened", []string{"<b>one two three four</b>"}, 20, []string{"<b>one two three</b>", "<b>four</b>"}},
		{"never inside an entity", []string{"a &amp; b &amp; c"}, 8, []string{"a &amp;", "b &amp;", "c"}},
		{"link reopened with its href", []string{`<a href="https://x.example/">aa bb cc</a>`}, 36, []string{`<a href="https://x.example/">aa</a>`, `<a href="https://x.example/">bb</a>`, `<a href="https://x.example/">cc</a>`}},
		{"empty blocks skipped", []string{"", "a", "  "}, 10, []string{"a"}},
		{"astral characters count twice", []string{"😀😀😀", "😀"}, 6, []string{"😀😀😀", "😀"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitHTML(c.blocks, c.limit)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("splitHTML (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzSplitHTML checks the splitter's promises on rendered text: every
// part fits, is valid Telegram HTML, and together the parts say what the
// whole said, in order.
func FuzzSplitHTML(f *testing.F) {
	f.Add("Iran & Russia <sign> a treaty", "https://news.example/?a=1&b=2", "Tehran and Moscow agreed. It covers energy.", 90)
	f.Add("😀 <b>&amp;</b>", "javascript:x", strings.Repeat("long words everywhere ", 30), 40)
	f.Add("", "", "", 24)
	f.Fuzz(func(t *testing.T, title, href, summary string, limit int) {
		// A part must have room for a line's markup and a character.
		if limit > 5000 || limit < utf16Len(link(href, ""))+24 {
			t.Skipf("limit %d leaves no room for a line's markup, or exceeds Telegram's", limit)
		}
		blocks := []string{
			"<b>" + escapeInline(title) + "</b>",
			"<b>1. " + link(href, escapeInline(title)) + "</b>\n<i>" + escapeInline(summary) + "</i>\n" + escapeText(summary),
		}
		var whole strings.Builder
		for _, b := range blocks {
			p, err := telegramHTML(b)
			if err != nil {
				t.Fatalf("renderer made invalid HTML %q: %v", b, err)
			}
			whole.WriteString(p)
		}
		var joined strings.Builder
		for _, part := range splitHTML(blocks, limit) {
			if n := utf16Len(part); n > limit {
				t.Errorf("part of %d units exceeds %d: %q", n, limit, part)
			}
			p, err := telegramHTML(part)
			if err != nil {
				t.Fatalf("part %q is not valid: %v", part, err)
			}
			joined.WriteString(p)
		}
		if squash(joined.String()) != squash(whole.String()) {
			t.Errorf("parts say something else:\n got %q\nwant %q", squash(joined.String()), squash(whole.String()))
		}
	})
}

// squash drops whitespace, which cuts may move or remove.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
}

func BenchmarkSplitHTMLLongLine(b *testing.B) {
	blocks := []string{"<b>1. " + link("https://news.example/a", escapeInline(strings.Repeat("word & more ", 100))) + "</b>\n" + escapeText(strings.Repeat("A sentence about Iran & Russia. ", 3000))}
	for b.Loop() {
		splitHTML(blocks, MaxMessageLen)
	}
}
