package feeds

import (
	"strings"
	"testing"
)

// parseOneItem parses an RSS document of one item with the given title and
// description and returns its article's title and text.
func parseOneItem(t *testing.T, title, description string) (string, string) {
	t.Helper()
	doc := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed</title><link>https://news.example/</link>` +
		`<item><title>` + title + `</title><link>https://news.example/a</link><description>` + description + `</description></item></channel></rss>`
	res, err := Parse([]byte(doc), "", "https://news.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 1 {
		t.Fatalf("got %d articles, want 1", len(res.Articles))
	}
	return res.Articles[0].Title, res.Articles[0].Text
}

// TestTextAfterVoidElements: <embed> is a void element; the text after it
// used to vanish while the renderer waited for an </embed>.
func TestTextAfterVoidElements(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"embed", `<p>Watch the briefing.</p><embed src="https://video.example/v.swf" type="application/x-shockwave-flash"><p>The minister said talks resume on Monday.</p>`, "Watch the briefing.\n\nThe minister said talks resume on Monday."},
		{"embed inside a paragraph", `Before <embed src="x"> after.`, "Before after."},
		{"embed self-closed", `Before <embed src="x"/> after.`, "Before after."},
		{"embed with a stray end tag", `Before <embed src="x"></embed> after.`, "Before after."},
		{"other void elements", `a<img src="x">b<wbr>c<input>d<source src="y">e<track>f`, "abcdef"},
		{"stray </br> is a line break", `one</br>two`, "one\ntwo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, text := parseOneItem(t, "Title", "<![CDATA["+tt.in+"]]>")
			if text != tt.want {
				t.Errorf("text = %q, want %q", text, tt.want)
			}
		})
	}
}

// TestWindows1252PunctuationKept: C1 controls standing for windows-1252
// quotes and dashes used to be deleted ("don't" became "dont").
func TestWindows1252PunctuationKept(t *testing.T) {
	title, text := parseOneItem(t, "Iran\u0092s envoy: \u0093we don\u0092t\u0094 \u0096 and more\u0085", "Prices rose \u0080 5 \u0097 again\u0099.\u0081")
	if want := "Iran’s envoy: “we don’t” – and more…"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
	if want := "Prices rose € 5 — again™."; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
}

// TestBidiMarks: LRM and RLM used to be dropped from titles; mixed Persian
// and Latin text needs them. Overrides and isolates, which can make a
// title read backwards, are still removed.
func TestBidiMarks(t *testing.T) {
	title, text := parseOneItem(t,
		"گزارش BBC\u200e: ۲۰۲۴\u200f \u202eevil\u202c \u2066iso\u2069",
		"متن\u061c (نسخه 2)\u200e و \u202dLTR\u202c")
	if want := "گزارش BBC\u200e: ۲۰۲۴\u200f evil iso"; title != want {
		t.Errorf("title = %q, want %q", title, want)
	}
	if want := "متن\u061c (نسخه 2)\u200e و LTR"; text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	for _, r := range "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069" {
		if strings.ContainsRune(title+text, r) {
			t.Errorf("bidi control %U kept", r)
		}
	}
}
