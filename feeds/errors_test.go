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
