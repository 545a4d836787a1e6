package feeds

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseRSS2Articles(t *testing.T) {
	const feedURL = "https://feeds.example/rss2.xml"
	res, err := Parse(readFixture(t, "rss2.xml"), "application/rss+xml", feedURL, testNow)
	if err != nil {
		t.Fatal(err)
	}
	source := "Example & Co. World"
	want := &Result{
		URL:      feedURL,
		FinalURL: feedURL,
		Title:    source,
		TTL:      45 * time.Minute,
		Articles: []brief.Article{
			{
				// A bare GUID is only unique within its publisher.
				ID:        "https://news.example#item-7",
				FeedURL:   feedURL,
				Source:    source,
				Title:     "Talks resume in <Vienna> & Geneva",
				Link:      "https://news.example/world/2024/talks-resume?id=7",
				Text:      "Negotiators met on Monday.\n\nThey agreed to meet again — soon.",
				Published: time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC),
				Fetched:   testNow,
			},
			{
				ID:        "https://news.example/world/2024/no-guid/",
				FeedURL:   feedURL,
				Source:    source,
				Title:     "No GUID here",
				Link:      "https://news.example/world/2024/no-guid/",
				Text:      "Plain text description.",
				Published: time.Date(2024, 1, 3, 8, 30, 0, 0, time.UTC),
				Fetched:   testNow,
			},
		},
	}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseFormatsAndEncodings(t *testing.T) {
	tests := []struct {
		file, contentType string
		wantTitle         string
		wantText          string
		wantLink          string
	}{
		{"windows-1251.xml", "", "Переговоры в Москве", "Россия и Иран обсудили сотрудничество.", "http://ru.example/a/1"},
		{"windows-1251.xml", "text/xml; charset=iso-8859-1", "Переговоры в Москве", "Россия и Иран обсудили сотрудничество.", "http://ru.example/a/1"},
		{"latin1-no-declaration.xml", "", "Santé et société : les études récentes", "Les chercheurs étudient l'impact des écrans à l'école.", "http://fr.example/sante"},
		{"latin1-no-declaration.xml", "text/xml; charset=utf-8", "Santé et société : les études récentes", "Les chercheurs étudient l'impact des écrans à l'école.", "http://fr.example/sante"},
		{"gb2312.xml", "", "建国纪念币", "和平鸽纪念币价格", "http://cn.example/bbs?ID=1"},
		{"bom.xml", "", "Österreich © ORF", "", "http://at.example/stories/1/"},
		{"leading-whitespace.xml", "", "A day in London", "Things to do.", "http://uk.example/a-day"},
		{"utf16le-bom.xml", "", "Überall Grüße", "Text in UTF-16.", "http://u16.example/1"},
		{"feed.json", "application/feed+json", "Lecker, lecker", "Da ist es zwar nicht ganz billig,\n\ndafür schmeckt's aber auch.", "https://blog.example/posts/1/"},
		{"atom.xml", "application/atom+xml", "WildFly 10 freigegeben", "Die Version 10 ist da.", "https://dev.example/meldung/wildfly-10.html"},
		{"rss1.rdf", "application/rdf+xml", "Food for fungi", "Fungi eat well.", "https://science.example/a/1?rss=1"},
		{"mojibake.xml", "", "Polizeieinsatz in Kölner Silvesternacht", "Яндекс: führende Nachrichten – heute", "http://de.example/koeln"},
		{"invalid-chars.xml", "", "Bad refs and gone", "Form feed here ok", "http://ctl.example/1"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.contentType, func(t *testing.T) {
			res, err := Parse(readFixture(t, tt.file), tt.contentType, "https://feeds.example/"+tt.file, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) == 0 {
				t.Fatal("no articles")
			}
			a := res.Articles[0]
			got := [3]string{a.Title, a.Text, a.Link}
			want := [3]string{tt.wantTitle, tt.wantText, tt.wantLink}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("title, text, link (-want +got):\n%s", diff)
			}
		})
	}
}

// A bare GUID is scoped by the publisher of the item's link: the same item
// in two of a publisher's feeds keeps one ID, the same GUID from another
// publisher does not merge with it, and a feed served from a new address
// does not make its items new.
func TestBareGUIDsAreScopedByPublisher(t *testing.T) {
	doc := func(link string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><item><guid isPermaLink="false">77</guid><title>x</title><link>` + link + `</link></item></channel></rss>`)
	}
	id := func(data []byte, feedURL string) string {
		t.Helper()
		res, err := Parse(data, "", feedURL, testNow)
		if err != nil || len(res.Articles) != 1 {
			t.Fatalf("Parse: %v", err)
		}
		return res.Articles[0].ID
	}
	world := id(doc("https://wire.example/a/77"), "https://wire.example/world.rss")
	mideast := id(doc("https://wire.example/a/77"), "https://wire.example/mideast.rss")
	moved := id(doc("https://wire.example/a/77"), "http://127.0.0.1:8080/world.rss")
	other := id(doc("https://daily.example/77"), "https://daily.example/rss")
	if world != mideast || world != moved {
		t.Errorf("one publisher's item has IDs %q, %q, %q; want one", world, mideast, moved)
	}
	if world == other {
		t.Errorf("two publishers' GUID 77 merged into %q", world)
	}
}

func TestParseJSONFeedItemWithoutTitle(t *testing.T) {
	res, err := Parse(readFixture(t, "feed.json"), "", "https://blog.example/feed.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	a := res.Articles[1]
	if a.Title != "A post without a title, as microblogs do." {
		t.Errorf("Title = %q, want the text's first line", a.Title)
	}
	if a.ID != "https://blog.example#2" {
		t.Errorf("ID = %q", a.ID)
	}
}

func TestParseTTLFromSyndicationModule(t *testing.T) {
	res, err := Parse(readFixture(t, "rss1.rdf"), "", "https://science.example/rss", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if res.TTL != 30*time.Minute {
		t.Errorf("TTL = %s, want 30m (hourly, twice)", res.TTL)
	}
}

func TestParseDates(t *testing.T) {
	res, err := Parse(readFixture(t, "odd-dates.xml"), "", "https://dates.example/rss", testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"Portuguese":     time.Date(2018, 9, 24, 22, 42, 40, 0, time.UTC),
		"Italian":        time.Date(2022, 11, 15, 23, 38, 15, 0, time.UTC),
		"No zone":        time.Date(2018, 12, 13, 0, 0, 0, 0, time.UTC),
		"Slashes":        time.Date(2020, 1, 10, 14, 33, 0, 0, time.UTC),
		"Two-digit year": time.Date(2017, 12, 7, 18, 0, 29, 0, time.UTC),
		"Zone name":      time.Date(2018, 1, 17, 20, 50, 0, 0, time.UTC),
		"Far future":     testNow,
		"Garbage":        testNow,
		"None":           testNow,
	}
	got := map[string]time.Time{}
	for _, a := range res.Articles {
		got[a.Title] = a.Published
		if a.Published.Location() != time.UTC {
			t.Errorf("%s: Published %v is not UTC", a.Title, a.Published)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Published (-want +got):\n%s", diff)
	}
}

func TestParseLooseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Seg, 24 Set 2018 19:42:40 -0300", time.Date(2018, 9, 24, 22, 42, 40, 0, time.UTC)},
		{"mer, 16 nov 2022 00:38:15 +0100", time.Date(2022, 11, 15, 23, 38, 15, 0, time.UTC)},
		{"mar, 15 mar 2022 10:00:00 +0000", time.Date(2022, 3, 15, 10, 0, 0, 0, time.UTC)},
		{"24 de setembro de 2018 19:42", time.Date(2018, 9, 24, 19, 42, 0, 0, time.UTC)},
		{"Dienstag, 5. März 2019", time.Date(2019, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"2018-12-13 00:00:00", time.Date(2018, 12, 13, 0, 0, 0, 0, time.UTC)},
		{"2020/1/10 14:33:00", time.Date(2020, 1, 10, 14, 33, 0, 0, time.UTC)},
		{"Thu, 07 Dec 17 10:00:29 -0800", time.Date(2017, 12, 7, 18, 0, 29, 0, time.UTC)},
		{"Wed, 17 Jan 2018 15:50:00 EST", time.Date(2018, 1, 17, 20, 50, 0, 0, time.UTC)},
		{"2016-02-01T17:22:00Z", time.Date(2016, 2, 1, 17, 22, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLooseDate(tt.in)
			if !ok {
				t.Fatal("not parsed")
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %v, want %v", got.UTC(), tt.want)
			}
		})
	}
	for _, bad := range []string{"", "sometime soon", "32 Foo 2020", strings.Repeat("1", 200)} {
		if got, ok := parseLooseDate(bad); ok {
			t.Errorf("parseLooseDate(%q) = %v, want no date", bad, got)
		}
	}
}

func TestParseIDsAndLinks(t *testing.T) {
	const feedURL = "https://feeds.example/ids.xml"
	doc := `<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>
<title>IDs</title><link>/site/</link>
<item><title>URL GUID</title><guid>HTTP://Example.com/a?utm_source=x&amp;b=1#top</guid></item>
<item><title>tag GUID</title><guid>tag:example.com,2024:7</guid><link>https://example.com/tag</link></item>
<item><title>relative link</title><link>../story/9</link></item>
<item><title>feedburner</title><link>http://feedproxy.google.com/~r/x/~3/abc/</link><feedburner:origLink>https://publisher.example/real?utm_medium=rss</feedburner:origLink></item>
<item><title>nothing to go on</title><description>Only text.</description></item>
<item><title>nothing to go on</title><description>Only text.</description></item>
<item></item>
</channel></rss>`
	res, err := Parse([]byte(doc), "", feedURL, testNow)
	if err != nil {
		t.Fatal(err)
	}
	type idLink struct{ Title, ID, Link string }
	var got []idLink
	for _, a := range res.Articles {
		got = append(got, idLink{a.Title, a.ID, a.Link})
	}
	hashID := got[len(got)-1].ID
	want := []idLink{
		{"URL GUID", "http://example.com/a?b=1", "http://example.com/a?b=1"},
		{"tag GUID", "tag:example.com,2024:7", "https://example.com/tag"},
		{"relative link", "https://feeds.example/story/9", "https://feeds.example/story/9"},
		{"feedburner", "https://publisher.example/real", "https://publisher.example/real"},
		// The repeat of this item and the empty item are dropped.
		{"nothing to go on", hashID, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("IDs and links (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(hashID, "urn:sha256:") {
		t.Errorf("ID without GUID or link = %q, want urn:sha256:...", hashID)
	}
	again, err := Parse([]byte(doc), "", feedURL, testNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if id := again.Articles[len(again.Articles)-1].ID; id != hashID {
		t.Errorf("hashed ID changed between polls: %q then %q", hashID, id)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, doc, contentType string
		wantIn                 []string
	}{
		{"truncated XML", string(readFixture(t, "truncated.xml")), "", []string{"feed.test", "unexpected EOF"}},
		{"truncated JSON", `{"version":"https://jsonfeed.org/version/1","title":"x","items":[{"id":"1","title":"a`, "", []string{"feed.test", "JSON"}},
		{"plain text", "Service temporarily unavailable. Please retry.", "text/plain", []string{"not an RSS, Atom or JSON feed", "text/plain", "Service"}},
		{"empty", " \n\t ", "", []string{"empty document"}},
		{"unknown root", "<?xml version='1.0'?><sitemap><url/></sitemap>", "application/xml", []string{"not an RSS, Atom or JSON feed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), tt.contentType, "https://feed.test/x", testNow)
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestParseHTMLPage(t *testing.T) {
	_, err := Parse(readFixture(t, "page-with-alternate.html"), "", "https://news.example/", testNow)
	nf, ok := errors.AsType[*NotFeedError](err)
	if !ok {
		t.Fatalf("err = %v, want *NotFeedError", err)
	}
	want := []string{"https://news.example/feeds/world.rss", "https://news.example/feeds/all.atom"}
	if diff := cmp.Diff(want, nf.Alternates); diff != "" {
		t.Errorf("Alternates (-want +got):\n%s", diff)
	}
	if nf.Status != 0 {
		t.Errorf("Status = %d, want 0 for a document without a response", nf.Status)
	}
}

func TestLooksLikeHTML(t *testing.T) {
	tests := []struct {
		doc  string
		want bool
	}{
		{"<!DOCTYPE html><html><head></head></html>", true},
		{"<!-- generated --><html lang=en>", true},
		{`<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x"><html>`, true},
		{"<head><title>x</title>", true},
		{`<?xml version="1.0"?><rss version="2.0"><channel><description>&lt;html&gt;</description>`, false},
		{`<?xml-stylesheet href="feed.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">`, false},
		{`{"version": "https://jsonfeed.org/version/1.1"}`, false},
	}
	for _, tt := range tests {
		if got := looksLikeHTML([]byte(tt.doc)); got != tt.want {
			t.Errorf("looksLikeHTML(%q) = %v, want %v", tt.doc, got, tt.want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"paragraphs", "<p>One.</p><p>Two.</p>", "One.\n\nTwo."},
		{"scripts and styles dropped", "<p>A</p><script>var x = '<p>no</p>';</script><style>p{}</style><p>B</p>", "A\n\nB"},
		{"entities decoded", "Fish &amp; chips &mdash; &#8220;quoted&#8221; &nbsp;x", "Fish & chips — “quoted” x"},
		{"whitespace collapsed", "  lots\n\n of   \t space  ", "lots\n\nof space"},
		{"single br is a line break", "line one<br>line two", "line one\nline two"},
		{"double br is a paragraph", "para one<br><br>para two", "para one\n\npara two"},
		{"lists", "<ul><li>a</li><li>b</li></ul>", "a\n\nb"},
		{"inline tags", "an <b>important</b> <a href='x'>link</a>", "an important link"},
		{"nested dropped elements", "<svg><svg><text>x</text></svg><text>y</text></svg>after", "after"},
		{"unclosed script drops the rest", "<p>kept</p><script>lost", "kept"},
		{"iframe", "<p>a</p><iframe src='x'>fallback</iframe><p>b</p>", "a\n\nb"},
		{"plain text keeps blank lines", "first para\n\nsecond para", "first para\n\nsecond para"},
		{"zero-width joiner kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"control characters dropped", "a\x01b\u200bc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := htmlToText(tt.in); got != tt.want {
				t.Errorf("htmlToText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSingleLineKeepsUnknownTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Talks in <Vienna>", "Talks in <Vienna>"},
		{"<b>Iran</b> and <i>Russia</i>", "Iran and Russia"},
		{"Q&amp;A:\n  a &lt; b", "Q&A: a < b"},
	}
	for _, tt := range tests {
		if got := singleLine(tt.in); got != tt.want {
			t.Errorf("singleLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFixMojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KÃ¶lner", "Kölner"},
		{"Ð¯Ð½Ð´ÐµÐºÑ\u0081", "Яндекс"},
		{"president-electâ€™s", "president-elect’s"},
		{"ÃƒÂ©", "é"}, // corrupted twice
		// Real text is left alone.
		{"Köln, Zürich, São Paulo, Ægir, Ðakovo", "Köln, Zürich, São Paulo, Ægir, Ðakovo"},
		{"Москва", "Москва"},
		{"100 Â", "100 Â"},
	}
	for _, tt := range tests {
		if got := fixMojibake(tt.in); got != tt.want {
			t.Errorf("fixMojibake(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncateWords(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 10, "one two…"},
		{"abcdefghijkl", 5, "abcde…"},
		{"Привет мир и все", 10, "Привет мир…"},
	}
	for _, tt := range tests {
		if got := truncateWords(tt.in, tt.n); got != tt.want {
			t.Errorf("truncateWords(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// FuzzParse feeds Parse hostile documents: it must return an error or
// articles that each have an ID, clean UTF-8 text and a UTC date no later
// than a day after now; never panic.
func FuzzParse(f *testing.F) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<rss><channel><item><title>&#0;</title><link>javascript:x</link><guid>  </guid></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		res, err := Parse(doc, "", "https://fuzz.example/feed", testNow)
		if err != nil {
			return
		}
		for _, a := range res.Articles {
			if a.ID == "" {
				t.Fatalf("article without ID: %+v", a)
			}
			for _, s := range []string{a.Title, a.Text, a.Source, a.Link} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8: %q", s)
				}
			}
			if a.Link != "" && !strings.HasPrefix(a.Link, "http://") && !strings.HasPrefix(a.Link, "https://") {
				t.Fatalf("link %q is not http(s)", a.Link)
			}
			if a.Published.Location() != time.UTC || a.Published.After(testNow.Add(24*time.Hour)) {
				t.Fatalf("Published = %v", a.Published)
			}
		}
	})
}
