package feeds

import (
	"fmt"
	"strings"
	"testing"
)

// TestFragmentsKeepItemsApart: canonicalisation dropped "#...", so a feed
// whose items are anchors on one page (a live blog, a daily page) kept a
// handful of its items, silently.
func TestFragmentsKeepItemsApart(t *testing.T) {
	item := func(guid, link string, i int) string {
		s := fmt.Sprintf(`<item><title>Update %d</title><description>Entry %d.</description>`, i, i)
		if guid != "" {
			s += `<guid>` + fmt.Sprintf(guid, i) + `</guid>`
		}
		if link != "" {
			s += `<link>` + fmt.Sprintf(link, i) + `</link>`
		}
		return s + `</item>`
	}
	tests := []struct {
		name, guid, link string
		wantLink         string // for item 3
	}{
		{"fragment links, no GUIDs", "", "https://live.example/2024/01/02/talks#post-%d", "https://live.example/2024/01/02/talks#post-3"},
		{"fragment GUIDs, one link", "https://live.example/2024/01/02/talks#entry-%d", "https://live.example/2024/01/02/talks", "https://live.example/2024/01/02/talks#entry-3"},
		{"fragment GUIDs as links", "https://live.example/day/2024-01-02#%d", "", "https://live.example/day/2024-01-02#3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(`<rss version="2.0"><channel><title>Live</title>`)
			for i := 1; i <= 50; i++ {
				b.WriteString(item(tt.guid, tt.link, i))
			}
			b.WriteString(`</channel></rss>`)
			res, err := Parse([]byte(b.String()), "", "https://live.example/feed", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != 50 {
				t.Fatalf("got %d articles, want all 50", len(res.Articles))
			}
			if got := res.Articles[2].Link; got != tt.wantLink {
				t.Errorf("link of update 3 = %q, want %q", got, tt.wantLink)
			}
		})
	}
	t.Run("tracking fragments and comment anchors are not sections", func(t *testing.T) {
		doc := `<rss version="2.0"><channel><title>Le Fil</title>` +
			`<item><title>A</title><link>https://fil.example/monde/article-1.html#xtor=RSS-3208</link></item>` +
			`<item><title>A again</title><link>https://fil.example/monde/article-1.html#xtor=RSS-32</link></item>` +
			`<item><title>A's comments</title><link>https://fil.example/monde/article-1.html#comments</link></item>` +
			`</channel></rss>`
		res, err := Parse([]byte(doc), "", "https://fil.example/rss", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Articles) != 1 || res.Articles[0].Link != "https://fil.example/monde/article-1.html" {
			t.Errorf("got %d articles, first link %q; want one, without the tracking fragment", len(res.Articles), res.Articles[0].Link)
		}
	})
}
