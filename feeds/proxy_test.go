package feeds

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

// forwardProxy is an HTTP forward proxy on loopback, as an operator's
// egress proxy would be. It records every request it is asked to make.
// Requests for the hosts in internet it answers itself, standing in for
// the public internet (so that no test leaves loopback); others it
// forwards to loopback only.
type forwardProxy struct {
	*httptest.Server
	mu    sync.Mutex
	asked []string
}

func newForwardProxy(t *testing.T, internet map[string]http.HandlerFunc) *forwardProxy {
	t.Helper()
	p := &forwardProxy{}
	upstream := &http.Transport{} // no proxy of its own
	t.Cleanup(upstream.CloseIdleConnections)
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.asked = append(p.asked, r.RequestURI) // the URL, or host:port for CONNECT
		p.mu.Unlock()
		if !r.URL.IsAbs() {
			http.Error(w, "this proxy forwards only plain HTTP", http.StatusBadRequest)
			return
		}
		if h, ok := internet[r.URL.Host]; ok {
			h(w, r)
			return
		}
		if r.URL.Hostname() != "127.0.0.1" {
			http.Error(w, "this proxy reaches only loopback", http.StatusBadGateway)
			return
		}
		out, err := http.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		out.Header = r.Header.Clone()
		resp, err := upstream.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *forwardProxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.asked)
}

func (p *forwardProxy) url(t *testing.T) *url.URL {
	t.Helper()
	u, err := url.Parse(p.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestFetchThroughProxy(t *testing.T) {
	rss, err := os.ReadFile(filepath.Join("testdata", "rss2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// news.test and intranet.test exist only behind the proxy; the
	// resolver says where their names point, as DNS would.
	internet := map[string]http.HandlerFunc{
		"news.test": func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/feed.xml":
				w.Header().Set("Content-Type", "application/rss+xml")
				_, _ = w.Write(rss)
			case "/moved":
				http.Redirect(w, r, "http://intranet.test/feed.xml", http.StatusFound)
			case "/moved-to-loopback":
				http.Redirect(w, r, "http://127.0.0.1:9/feed.xml", http.StatusFound)
			default:
				http.NotFound(w, r)
			}
		},
		"intranet.test": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			_, _ = w.Write(rss)
		},
	}
	resolver := fakeResolver{
		"news.test":     "93.184.216.34",
		"intranet.test": "10.0.0.1",
		"metadata.test": "169.254.169.254",
	}
	pub := newPublisher(t, nil)

	t.Run("a feed on loopback is fetched through the proxy when private networks are allowed", func(t *testing.T) {
		proxy := newForwardProxy(t, internet)
		f := testFetcher(Options{Proxy: proxy.url(t)})
		res, err := f.Fetch(t.Context(), Request{URL: pub.URL + "/testdata/rss2.xml"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Articles) == 0 {
			t.Error("no articles")
		}
		if got, want := proxy.requests(), []string{pub.URL + "/testdata/rss2.xml"}; !slices.Equal(got, want) {
			t.Errorf("the proxy was asked for %q, want %q", got, want)
		}
	})

	t.Run("a public feed goes through a proxy on loopback while private networks are refused", func(t *testing.T) {
		proxy := newForwardProxy(t, internet)
		f := strictFetcher(Options{Proxy: proxy.url(t), Resolver: resolver})
		res, err := f.Fetch(t.Context(), Request{URL: "http://news.test/feed.xml"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Articles) == 0 {
			t.Error("no articles")
		}
		if got := proxy.requests(); len(got) != 1 {
			t.Errorf("the proxy was asked for %q, want the feed once", got)
		}
	})

	t.Run("an https feed is tunnelled through the proxy with CONNECT", func(t *testing.T) {
		proxy := newForwardProxy(t, internet)
		f := strictFetcher(Options{Proxy: proxy.url(t), Resolver: resolver})
		// This proxy refuses to tunnel, so the fetch fails, but only after
		// the check let the target through to the proxy.
		_, err := f.Fetch(t.Context(), Request{URL: "https://news.test/feed.xml"})
		if err == nil || errors.Is(err, ErrBlockedAddress) {
			t.Errorf("err = %v, want the proxy's refusal to tunnel", err)
		}
		if got, want := proxy.requests(), []string{"news.test:443"}; !slices.Equal(got, want) {
			t.Errorf("the proxy was asked for %q, want %q", got, want)
		}
	})

	refused := []struct {
		name         string
		allowPrivate bool
		url          string
		asked        []string // what the proxy may be asked for before the refusal
	}{
		{"a feed on loopback", false, pub.URL + "/testdata/rss2.xml", nil},
		{"a name resolving to 10.0.0.1", false, "http://intranet.test/feed.xml", nil},
		{"a literal private address over https", false, "https://10.0.0.1/feed.xml", nil},
		{"a localhost name, which the proxy takes for its own loopback", false, "http://feeds.localhost/feed.xml", nil},
		{"the metadata endpoint even when private networks are allowed", true, "http://metadata.test/latest/meta-data/", nil},
		{"a redirect hop to a name resolving to 10.0.0.1", false, "http://news.test/moved", []string{"http://news.test/moved"}},
		{"a redirect hop to loopback", false, "http://news.test/moved-to-loopback", []string{"http://news.test/moved-to-loopback"}},
	}
	for _, tt := range refused {
		t.Run(tt.name+" is refused without asking the proxy", func(t *testing.T) {
			proxy := newForwardProxy(t, internet)
			f := strictFetcher(Options{Proxy: proxy.url(t), Resolver: resolver, AllowPrivateNetworks: tt.allowPrivate})
			_, err := f.Fetch(t.Context(), Request{URL: tt.url})
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("err = %v, want ErrBlockedAddress", err)
			}
			if got := proxy.requests(); !slices.Equal(got, tt.asked) {
				t.Errorf("the proxy was asked for %q, want %q", got, tt.asked)
			}
		})
	}
	if pub.count() != 1 {
		t.Errorf("the loopback publisher answered %d requests, want only the allowed one", pub.count())
	}
}
