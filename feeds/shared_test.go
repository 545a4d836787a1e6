package feeds

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// sharedFeedsDir returns ../shared/feeds relative to the repository root,
// or skips the test when it is absent (a fresh clone has only testdata/).
func sharedFeedsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: repository root (go.mod) not found")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "feeds")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("skipping: %s is absent; these tests use real publishers' feeds kept outside the repository", shared)
	}
	return shared
}

func sharedFeedFiles(t testing.TB) []string {
	t.Helper()
	dir := sharedFeedsDir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.IsDir() || strings.EqualFold(e.Name(), "README.md") {
			continue
		}
		files = append(files, filepath.Join(dir, e.Name()))
	}
	return files
}

// sharedExpect is what we know of the documents in ../shared/feeds (their
// README says what is tricky about each): how many articles each yields,
// or -1 for documents that are broken beyond repair and must give an
// error. Files not listed are held only to the general rules.
var sharedExpect = map[string]int{
	"3960-jsonfeed-v1.1.json":            20,
	"allthis-jsonfeed-truncated.json":    -1, // cut mid-string
	"anon-odd-date.xml":                  1,
	"bbc-urdu-2018.xml":                  26,
	"cerclepsy-no-encoding-latin1.xml":   9, // plus one empty item
	"ctvnews-top-2017.xml":               10,
	"dailymail-world-2017-noitems.xml":   0,
	"daringfireball-jsonfeed-v1.json":    48,
	"dustri-large.atom":                  25,
	"golem-iso8859-1-2018.xml":           40,
	"golem-rss10-iso8859-1.xml":          1,
	"guardian-us-2018.rss":               55,
	"guardian-world-2022.xml":            54,
	"heise-developer-2016.atom":          15,
	"heise-rss090-rdf.xml":               60,
	"huffpost-canada-2017.xml":           2,
	"ibash-ru-windows1251.xml":           50,
	"ilmessaggero-mondo-2022.xml":        1,
	"indianexpress-world-2017.xml":       200,
	"japantimes-2017.xml":                118,
	"jn-pt-iso8859-1-2018.rss":           40,
	"kc0011-gb2312.rss":                  20,
	"livemint-all-cdata.xml":             25,
	"londonist-huge-leading-newline.xml": 40,
	"mirror-world-2016.xml":              25,
	"moscowtimes-2017.xml":               50,
	"nshipster-gzipped.xml":              25,
	"nytimes-home-2017.xml":              33,
	"orf-rss10-bom-2017.xml":             50,
	"pcmag-dvorak-illegally-nested.xml":  10, // ten <item/> nested inside items are not items
	"relative-urls-2digit-year.xml":      2,
	"reuters-mostread-truncated.xml":     -1, // ends mid-element
	"reuters-world-2017.xml":             10,
	"science-rss10.rdf":                  69,
	"slashdot-rdf-2024.xml":              15,
	"spiegel-2017-mojibake.xml":          17,
	"suspilne-ukrnet-2023.xml":           19, // one article listed twice
	"techcrunch-2011-leading-ws.xml":     20,
	"tpm-politics-2017.atom":             20,
	"uol-noticias-no-decl.rss":           15,
	"yandex-news-moscow-2017.xml":        15,
}

// sharedNow is after every document in ../shared/feeds was captured.
var sharedNow = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// TestSharedFeeds parses every real feed in ../shared/feeds: none may
// crash; each gives articles with IDs, titles, links and readable UTF-8
// text, or an error that names the feed and says what is wrong.
func TestSharedFeeds(t *testing.T) {
	files := sharedFeedFiles(t)
	var ok, failed atomic.Int64
	// The group returns when every parallel subtest has finished.
	t.Run("documents", func(t *testing.T) {
		for _, path := range files {
			name := filepath.Base(path)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				feedURL := "https://feeds.example/" + name
				res, err := Parse(data, "", feedURL, sharedNow)
				want, known := sharedExpect[name]
				if err != nil {
					failed.Add(1)
					t.Logf("%-36s ERROR %v", name, err)
					if !strings.Contains(err.Error(), feedURL) {
						t.Errorf("error %q does not name the feed", err)
					}
					if known && want >= 0 {
						t.Errorf("error on a feed that should parse: %v", err)
					}
					return
				}
				ok.Add(1)
				t.Logf("%-36s OK %4d articles  %s", name, len(res.Articles), res.Title)
				if known && len(res.Articles) != want {
					t.Errorf("got %d articles, want %d", len(res.Articles), want)
				}
				if res.Title == "" {
					t.Error("feed has no title")
				}
				for i, a := range res.Articles {
					if a.ID == "" || a.Title == "" || a.Link == "" {
						t.Errorf("article %d: ID %q, Title %q, Link %q: want all three", i, a.ID, a.Title, a.Link)
					}
					for _, s := range []string{a.Title, a.Text, a.Source} {
						if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
							t.Errorf("article %d: text is not clean UTF-8: %q", i, truncateWords(s, 80))
						}
						if fixMojibake(s) != s {
							t.Errorf("article %d: mojibake left: %q", i, truncateWords(s, 80))
						}
					}
					if a.Published.IsZero() || a.Published.Location().String() != "UTC" || a.Published.After(sharedNow) {
						t.Errorf("article %d: Published %v", i, a.Published)
					}
				}
			})
		}
	})
	t.Logf("%d documents: %d parsed, %d clear errors", len(files), ok.Load(), failed.Load())
}

// BenchmarkParse measures Parse on the largest real feed we have (2.7 MB,
// 40 full-text items), when ../shared is present.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(sharedFeedsDir(b), "londonist-huge-leading-newline.xml"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, "", "https://londonist.example/feed", sharedNow); err != nil {
			b.Fatal(err)
		}
	}
}
