package feeds

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestRedirectNamedOnlyWhenItHappened: a refused first request used to say
// "redirected to ..." whenever the URL's text changed on parsing (a space
// in the path, white space around it), though nothing redirected.
func TestRedirectNamedOnlyWhenItHappened(t *testing.T) {
	inner := newPublisher(t, nil)
	innerURL, _ := url.Parse(inner.URL)
	outer := newPublisher(t, map[string]http.HandlerFunc{
		"/moved": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:"+innerURL.Port()+"/secret", http.StatusFound)
		},
	})
	tests := []struct {
		name, url      string
		wantRedirected string // "" when the error must not mention a redirect
	}{
		{"a path with a space", "http://10.0.0.1/world news.xml", ""},
		{"white space around the URL", "  http://10.0.0.1/feed.xml\n", ""},
		{"an upper-case scheme", "HTTP://10.0.0.1/feed.xml", ""},
		{"a real redirect", outer.URL + "/moved", "redirected to http://127.0.0.1:" + innerURL.Port() + "/secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := exempting(t, strictFetcher(Options{}), outer.Server)
			_, err := f.Fetch(t.Context(), Request{URL: tt.url})
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("err = %v, want ErrBlockedAddress", err)
			}
			got := err.Error()
			if tt.wantRedirected == "" && strings.Contains(got, "redirect") {
				t.Errorf("error %q speaks of a redirect; there was none", got)
			}
			if tt.wantRedirected != "" && !strings.Contains(got, tt.wantRedirected) {
				t.Errorf("error %q does not say %q", got, tt.wantRedirected)
			}
		})
	}
}

// TestRedactURL: API keys in a feed URL's query string used to appear in
// `config check`, logs and errors, which hid only a userinfo password.
func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://feeds.example/world.rss", "https://feeds.example/world.rss"},
		{"https://reader:hunter2@feeds.example/a.rss", "https://reader:xxxxx@feeds.example/a.rss"},
		{"https://api.example/feed?key=AKIA123&topic=iran", "https://api.example/feed?key=xxxxx&topic=iran"},
		{"https://api.example/feed?topic=iran&apikey=s3cr3t", "https://api.example/feed?topic=iran&apikey=xxxxx"},
		{"https://api.example/feed?api_key=s3cr3t&token=t0k&access_token=at&secret=sh", "https://api.example/feed?api_key=xxxxx&token=xxxxx&access_token=xxxxx&secret=xxxxx"},
		{"https://api.example/feed?API-Key=s3cr3t&X-Amz-Signature=abc&sig=def&auth_token=x", "https://api.example/feed?API-Key=xxxxx&X-Amz-Signature=xxxxx&sig=xxxxx&auth_token=xxxxx"},
		{"https://api.example/feed?private%5Ftoken=s3cr3t#frag", "https://api.example/feed?private%5Ftoken=xxxxx#frag"},
		{"https://u:p@api.example/feed?key=k", "https://u:xxxxx@api.example/feed?key=xxxxx"},
		{"https://api.example/feed?page=2&lang=fa&keyword=iran", "https://api.example/feed?page=2&lang=fa&keyword=iran"},
		{"https://api.example/feed?token=", "https://api.example/feed?token="},
		{"not a url ?token=abc", "not a url ?token=xxxxx"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestErrorsHideAPIKeys: a feed's errors name its URL without the key.
func TestErrorsHideAPIKeys(t *testing.T) {
	pub := newPublisher(t, nil)
	f := testFetcher(Options{})
	for _, path := range []string{"/missing?apikey=s3cr3t-k3y", "/testdata/page-with-alternate.html?token=s3cr3t-k3y", "/testdata/truncated.xml?access_token=s3cr3t-k3y"} {
		_, err := f.Fetch(t.Context(), Request{URL: pub.URL + path})
		if err == nil {
			t.Fatalf("%s: no error", path)
		}
		if strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "xxxxx") {
			t.Errorf("error %q shows the key or hides that there was one", err)
		}
	}
}
