package feeds

import (
	"errors"
	"net/url"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"already canonical", "https://example.com/a/b?x=1", "https://example.com/a/b?x=1"},
		{"scheme and host lower-cased", "HTTPS://WWW.Example.COM/Path", "https://www.example.com/Path"},
		{"default https port removed", "https://example.com:443/a", "https://example.com/a"},
		{"default http port removed", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"empty path becomes /", "https://example.com", "https://example.com/"},
		{"fragment removed", "https://example.com/a#comments", "https://example.com/a"},
		{"utm parameters removed", "https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x", "https://example.com/a"},
		{"click IDs removed", "https://example.com/a?fbclid=1&gclid=2&msclkid=3&id=9", "https://example.com/a?id=9"},
		{"publisher trackers removed", "https://www.heise.de/x.html?wt_mc=rss.ho.beitrag.rdf", "https://www.heise.de/x.html"},
		{"Guardian CMP removed", "https://www.theguardian.com/world/x?CMP=Share_iOSApp_Other", "https://www.theguardian.com/world/x"},
		{"other parameters sorted", "https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"},
		{"repeated parameters keep their order", "https://example.com/a?b=2&a=1&b=1", "https://example.com/a?a=1&b=2&b=1"},
		{"dot segments resolved", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"trailing slash kept", "https://example.com/a/b/", "https://example.com/a/b/"},
		{"trailing dot on host removed", "https://example.com./a", "https://example.com/a"},
		{"IDN to punycode", "https://bücher.example/a", "https://xn--bcher-kva.example/a"},
		{"IPv6 literal", "http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"userinfo dropped", "https://user:pass@example.com/a", "https://example.com/a"},
		{"escaped path kept", "https://example.com/a%2Fb/c%20d", "https://example.com/a%2Fb/c%20d"},
		{"surrounding space trimmed", "  https://example.com/a \n", "https://example.com/a"},
		{"empty query removed", "https://example.com/a?", "https://example.com/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalURL(tt.in)
			if err != nil {
				t.Fatalf("CanonicalURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCanonicalURLRejects(t *testing.T) {
	for _, in := range []string{"", "/relative/path", "example.com/a", "ftp://example.com/a", "javascript:alert(1)", "mailto:a@example.com", "https://", "http://exa mple.com/", "https://example.com:99999/"} {
		if got, err := CanonicalURL(in); err == nil {
			t.Errorf("CanonicalURL(%q) = %q, want an error", in, got)
		}
	}
	if _, err := CanonicalURL("ftp://example.com/"); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("ftp: err = %v, want ErrUnsupportedScheme", err)
	}
}

// FuzzCanonicalURL checks that a canonical URL is an absolute http(s) URL
// without fragment or tracking parameters, and is its own canonical form.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=1#f",
		"HTTP://Example.COM:80/./a/../b/?z=1&a=2",
		"https://bücher.example/%2F%zz",
		"http://[::1]:8080/a;b?c=d&&e",
		"https://example.com/a%2fb?%75tm_source=1",
		"https://user@example.com./",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := CanonicalURL(raw)
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("CanonicalURL(%q) = %q, which does not parse: %v", raw, got, err)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			t.Fatalf("CanonicalURL(%q) = %q: not absolute http(s)", raw, got)
		}
		if u.Fragment != "" || u.User != nil {
			t.Fatalf("CanonicalURL(%q) = %q: fragment or userinfo left", raw, got)
		}
		for name := range u.Query() {
			if isTrackingParam(name) {
				t.Fatalf("CanonicalURL(%q) = %q: tracking parameter %q left", raw, got, name)
			}
		}
		again, err := CanonicalURL(got)
		if err != nil {
			t.Fatalf("CanonicalURL(%q) = %q, which is rejected: %v", raw, got, err)
		}
		if again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", raw, got, again)
		}
	})
}
