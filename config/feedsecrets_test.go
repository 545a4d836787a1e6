package config

import (
	"strings"
	"testing"
)

// TestAPIKeysInFeedURLsAreRedacted: `config check` printed a feed URL's
// query-string API key (validation problems too), while it hid passwords.
func TestAPIKeysInFeedURLsAreRedacted(t *testing.T) {
	p := writeFile(t, "feeds:\n"+
		"  - url: https://api.example/news.rss?apikey=k3y-one&topic=iran\n"+
		"  - url: https://api.example/world.json?access_token=k3y-two\n"+
		"  - url: https://api.example/world.json?access_token=k3y-two\n")
	cfg, err := Load(p, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	out, err := cfg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	problems := cfg.Validate()
	if problems == nil || !strings.Contains(problems.Error(), "listed twice") {
		t.Fatalf("Validate = %v, want the duplicate feed reported", problems)
	}
	for _, s := range []string{string(out), problems.Error()} {
		if strings.Contains(s, "k3y-") {
			t.Errorf("an API key leaked:\n%s", s)
		}
	}
	if !strings.Contains(string(out), "apikey=xxxxx&topic=iran") {
		t.Errorf("effective config does not show the redacted feed URL:\n%s", out)
	}
	if cfg.Feeds[0].URL != "https://api.example/news.rss?apikey=k3y-one&topic=iran" {
		t.Error("Marshal changed the config it printed")
	}
}
