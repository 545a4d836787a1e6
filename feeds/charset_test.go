package feeds

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var encodingDeclRE = regexp.MustCompile(`^(<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']`)

// titlesOf parses doc and returns the feed's title and its articles'
// titles and texts.
func titlesOf(t *testing.T, doc []byte, contentType string) []string {
	t.Helper()
	res, err := Parse(doc, contentType, "https://feeds.example/x", testNow)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{res.Title}
	for _, a := range res.Articles {
		out = append(out, a.Title, a.Text)
	}
	return out
}

// TestUndeclaredCharsets: a Cyrillic or CJK feed that declares no charset
// (not in XML, not in HTTP) used to come out as Latin-1 mojibake. With its
// declaration stripped, each document must read as it does declared.
func TestUndeclaredCharsets(t *testing.T) {
	docs := map[string][]byte{
		"testdata/windows-1251.xml": readFixture(t, "windows-1251.xml"),
		"testdata/gb2312.xml":       readFixture(t, "gb2312.xml"),
	}
	if dir, err := sharedDir(); err != nil {
		t.Logf("skipping the real feeds: %v", err)
	} else {
		for _, name := range []string{"ibash-ru-windows1251.xml", "kc0011-gb2312.rss", "golem-iso8859-1-2018.xml", "jn-pt-iso8859-1-2018.rss"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			docs[name] = data
		}
	}
	for name, declared := range docs {
		t.Run(name, func(t *testing.T) {
			stripped := encodingDeclRE.ReplaceAll(declared, []byte("$1"))
			if string(stripped) == string(declared) {
				t.Fatal("no encoding declaration to strip")
			}
			want := titlesOf(t, declared, "")
			got := titlesOf(t, stripped, "")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("undeclared document reads differently (-declared +undeclared):\n%s", diff)
			}
			// A server's wrong default charset does not stop detection.
			if got := titlesOf(t, stripped, "text/xml; charset=utf-8"); !cmp.Equal(want, got) {
				t.Errorf("with a wrong HTTP charset the document reads differently: first title %q, want %q", got[0], want[0])
			}
		})
	}
	t.Run("uol-noticias-no-decl.rss, Latin-1 without any declaration", func(t *testing.T) {
		dir, err := sharedDir()
		if err != nil {
			t.Skipf("skipping: %v", err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "uol-noticias-no-decl.rss"))
		if err != nil {
			t.Fatal(err)
		}
		got := titlesOf(t, data, "")
		if want := titlesOf(t, data, "text/xml; charset=iso-8859-1"); !cmp.Equal(want, got) {
			t.Errorf("reads differently from its true charset: %q, want %q", got[:3], want[:3])
		}
		if !strings.Contains(strings.Join(got, " "), "simulações") {
			t.Errorf("no \"simulações\" in %q", got[:3])
		}
	})
}

// sharedDir is ../shared/feeds, or an error saying it is absent.
func sharedDir() (string, error) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "shared", "feeds"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(dir); err != nil {
		return "", err
	}
	return dir, nil
}
