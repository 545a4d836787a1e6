package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFeedsAddRemoveList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	code, out, errOut := cli(t, "", nil, "feeds", "add", "-db", db, "-title", "Wire World", "-folder", "Wires", "https://wire.example/world.rss")
	if code != 0 || !strings.Contains(out, "added https://wire.example/world.rss") {
		t.Fatalf("add: exit %d %q %q", code, out, errOut)
	}
	if code, out, errOut = cli(t, "", nil, "feeds", "add", "-db", db, "https://1.1.1.1/feed.xml"); code != 0 {
		t.Fatalf("add a second feed: exit %d %q %q", code, out, errOut)
	}
	if code, out, _ = cli(t, "", nil, "feeds", "add", "-db", db, "https://1.1.1.1/feed.xml"); code != 0 || !strings.Contains(out, "already in the feed list") {
		t.Errorf("adding it again: exit %d %q", code, out)
	}

	code, out, _ = cli(t, "", nil, "feeds", "list", "-db", db)
	if code != 0 {
		t.Fatalf("list: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "URL") {
		t.Fatalf("list shows %d lines, want a header and 2 feeds:\n%s", len(lines), out)
	}
	row := func(url string) []string {
		for _, l := range lines[1:] {
			if f := strings.Fields(l); len(f) > 0 && f[0] == url {
				return f
			}
		}
		t.Errorf("list lacks %s:\n%s", url, out)
		return nil
	}
	if f := row("https://wire.example/world.rss"); f != nil && (len(f) < 5 || f[1] != "Wire" || f[2] != "World" || f[3] != "Wires" || f[4] != "added") {
		t.Errorf("wire feed listed as %q, want its title, folder and origin", f)
	}
	if f := row("https://1.1.1.1/feed.xml"); f != nil && (len(f) < 4 || f[1] != "-" || f[2] != "-" || f[3] != "added") {
		t.Errorf("second feed listed as %q, want no title or folder", f)
	}
	// Export, which the bot's feed list shares, sees what add stored.
	if _, out, _ = cli(t, "", nil, "feeds", "export", "-db", db); !strings.Contains(out, `xmlUrl="https://wire.example/world.rss"`) || !strings.Contains(out, `text="Wires"`) {
		t.Errorf("export lacks the added feed or its folder:\n%s", out)
	}

	if code, out, errOut = cli(t, "", nil, "feeds", "remove", "-db", db, "https://wire.example/world.rss"); code != 0 || !strings.Contains(out, "removed") {
		t.Errorf("remove: exit %d %q %q", code, out, errOut)
	}
	if _, out, _ = cli(t, "", nil, "feeds", "list", "-db", db); strings.Contains(out, "wire.example") || !strings.Contains(out, "1.1.1.1") {
		t.Errorf("after remove, list shows:\n%s", out)
	}
	if code, _, errOut = cli(t, "", nil, "feeds", "remove", "-db", db, "https://wire.example/world.rss"); code != 1 || !strings.Contains(errOut, "not in the feed list") {
		t.Errorf("removing it twice: exit %d %q", code, errOut)
	}
}

func TestFeedsAddRemoveConfigured(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "briefbot.yaml")
	os.WriteFile(cfg, []byte("feeds:\n  - url: https://daily.example/feed.xml\n    title: Daily\n"), 0o600)
	db := filepath.Join(dir, "briefbot.db")
	if code, out, _ := cli(t, "", nil, "feeds", "add", "-config", cfg, "-db", db, "https://daily.example/feed.xml"); code != 0 || !strings.Contains(out, "already in the config file") {
		t.Errorf("adding a configured feed: exit %d %q", code, out)
	}
	if code, _, errOut := cli(t, "", nil, "feeds", "remove", "-config", cfg, "-db", db, "https://daily.example/feed.xml"); code != 1 || !strings.Contains(errOut, "remove it there") {
		t.Errorf("removing a configured feed: exit %d %q, want a pointer to the config file", code, errOut)
	}
	if _, out, _ := cli(t, "", nil, "feeds", "list", "-config", cfg, "-db", db); !strings.Contains(out, "Daily") || !strings.Contains(out, "config") {
		t.Errorf("list lacks the configured feed:\n%s", out)
	}
}

func TestFeedsAddAndImportRefusePrivateAddresses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "briefbot.db")
	for _, u := range []string{"http://127.0.0.1:8080/rss", "http://10.0.0.7/rss", "http://feeds.localhost/rss", "http://[::1]/rss"} {
		code, _, errOut := cli(t, "", nil, "feeds", "add", "-db", db, u)
		if code != 1 || !strings.Contains(errOut, "not added") || !strings.Contains(errOut, "-allow-private") {
			t.Errorf("add %s: exit %d %q, want a refusal naming -allow-private", u, code, errOut)
		}
	}
	if code, out, errOut := cli(t, "", nil, "feeds", "add", "-db", db, "-allow-private", "http://10.0.0.7/rss"); code != 0 || !strings.Contains(out, "added") {
		t.Errorf("add with -allow-private: exit %d %q %q", code, out, errOut)
	}
	// The metadata endpoint stays refused whatever is allowed.
	if code, _, _ := cli(t, "", nil, "feeds", "add", "-db", db, "-allow-private", "http://169.254.169.254/latest/meta-data"); code != 1 {
		t.Errorf("metadata endpoint: exit %d, want 1", code)
	}

	opml := filepath.Join(t.TempDir(), "mixed.opml")
	os.WriteFile(opml, []byte(`<?xml version="1.0"?><opml version="2.0"><body>
<outline type="rss" text="Public" xmlUrl="https://wire.example/world.rss"/>
<outline type="rss" text="Intranet" xmlUrl="http://192.168.1.20/feed.xml"/>
</body></opml>`), 0o600)
	code, _, errOut := cli(t, "", nil, "feeds", "import", "-db", db, opml)
	if code != 1 || !strings.Contains(errOut, "192.168.1.20") || !strings.Contains(errOut, "nothing imported") {
		t.Errorf("import with a private feed: exit %d %q, want a refusal naming it", code, errOut)
	}
	if _, out, _ := cli(t, "", nil, "feeds", "list", "-db", db); strings.Contains(out, "wire.example") {
		t.Errorf("a refused import stored feeds:\n%s", out)
	}
	if code, out, _ := cli(t, "", nil, "feeds", "import", "-db", db, "-skip-invalid", opml); code != 0 || !strings.Contains(out, "imported 1 feeds") {
		t.Errorf("import -skip-invalid: exit %d %q, want the public feed only", code, out)
	}
	if code, out, _ := cli(t, "", nil, "feeds", "import", "-db", db, "-allow-private", opml); code != 0 || !strings.Contains(out, "imported 1 feeds") {
		t.Errorf("import -allow-private: exit %d %q, want the private feed added too", code, out)
	}
}
