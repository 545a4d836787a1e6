package feeds

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadOPML(t *testing.T) {
	file, err := os.Open(filepath.Join("testdata", "subscriptions.opml"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	got, err := ReadOPML(file)
	want := []Outline{
		{URL: "https://www.theguardian.com/world/rss", Title: "World news | The Guardian", Category: "News/World"},
		{URL: "https://www.themoscowtimes.com/rss/news", Title: "Moscow Times", Category: "News"},
		{URL: "https://www.tehrantimes.com/rss", Title: "Tehran Times", Category: "Iran/Press"},
		{URL: "http://qa.example/feed", Title: "Q&A <live>", Category: ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outlines (-want +got):\n%s", diff)
	}
	if err == nil {
		t.Fatal("no error for the two bad outlines")
	}
	for _, part := range []string{`line 8: outline "Broken"`, "javascript:alert(1)", `line 13: outline "No scheme"`, "www.example.com/feed"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not mention %q", err, part)
		}
	}
}

func TestReadOPMLRejects(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"not OPML", `<html><body>hi</body></html>`, "root element is <html>"},
		{"not XML", `{"feeds": []}`, "read OPML"},
		{"no feeds", `<opml version="2.0"><body><outline text="Empty folder"/></body></opml>`, "no feed outlines"},
		{"empty", ``, "empty document"},
		{"broken XML", `<opml><body><outline xmlUrl="https://a.example/"`, "read OPML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadOPML(strings.NewReader(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
			if got != nil {
				t.Errorf("outlines = %v, want none", got)
			}
		})
	}
}

func TestReadOPMLLatin1(t *testing.T) {
	doc := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"1.0\"><body><outline text=\"Actualit\xe9s\"><outline text=\"Le Monde\" xmlUrl=\"https://www.lemonde.fr/rss/une.xml\"/></outline></body></opml>"
	got, err := ReadOPML(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []Outline{{URL: "https://www.lemonde.fr/rss/une.xml", Title: "Le Monde", Category: "Actualités"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outlines (-want +got):\n%s", diff)
	}
}

func TestWriteOPMLRoundTrip(t *testing.T) {
	feeds := []Outline{
		{URL: "https://www.theguardian.com/world/rss", Title: "World news | The Guardian", Category: "News/World"},
		{URL: "https://www.themoscowtimes.com/rss/news", Title: "Moscow Times", Category: "News"},
		{URL: "https://www.tehrantimes.com/rss", Title: "Tehran & Times <Iran>", Category: "Iran/Press"},
		{URL: "https://news.un.org/feed/subscribe/en/news/all/rss.xml", Title: "UN News", Category: "News/World"},
		{URL: "http://uncategorised.example/feed", Title: "Uncategorised", Category: ""},
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "briefbot feeds", feeds); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) || !strings.Contains(out, "<title>briefbot feeds</title>") {
		t.Errorf("header or title missing:\n%s", out)
	}
	got, err := ReadOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Feeds come back grouped by folder, in the order folders first appear.
	want := []Outline{feeds[0], feeds[3], feeds[1], feeds[2], feeds[4]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestWriteOPMLRejectsBadURLs(t *testing.T) {
	var buf bytes.Buffer
	err := WriteOPML(&buf, "x", []Outline{{URL: "https://ok.example/"}, {URL: "file:///etc/passwd"}})
	if err == nil || !strings.Contains(err.Error(), "file:///etc/passwd") {
		t.Fatalf("err = %v, want it to name the bad URL", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes despite the error", buf.Len())
	}
}
