package feeds

import (
	"context"
	"errors"
	"net"
	"testing"
)

// fixedResolver answers every name with the same addresses.
type fixedResolver []string

func (r fixedResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	var out []net.IPAddr
	for _, s := range r {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		resolve fixedResolver
		allow   bool
		blocked bool
		bad     bool
	}{
		{name: "public address literal", url: "https://1.1.1.1/feed.xml"},
		{name: "public name", url: "https://news.org/rss", resolve: fixedResolver{"93.184.215.14"}},
		{name: "loopback literal refused", url: "http://127.0.0.1:8080/rss", blocked: true},
		{name: "name resolving to a private address refused", url: "https://intranet.corp.org/rss", resolve: fixedResolver{"10.1.2.3"}, blocked: true},
		{name: "one private address among public ones refused", url: "https://mixed.org/rss", resolve: fixedResolver{"93.184.215.14", "192.168.1.1"}, blocked: true},
		{name: "private allowed when asked", url: "http://10.0.0.5/rss", allow: true},
		{name: "metadata endpoint refused even when private is allowed", url: "http://169.254.169.254/latest", allow: true, blocked: true},
		{name: "localhost names are loopback", url: "http://feeds.localhost/rss", resolve: fixedResolver{"93.184.215.14"}, blocked: true},
		{name: "reserved names are not looked up", url: "https://wire.example/rss", resolve: fixedResolver{"10.0.0.1"}},
		{name: "not http", url: "file:///etc/passwd", bad: true},
		{name: "no host", url: "https:///rss", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := New(Options{AllowPrivateNetworks: tt.allow, Resolver: tt.resolve})
			err := f.CheckTarget(t.Context(), tt.url)
			switch {
			case tt.blocked && !errors.Is(err, ErrBlockedAddress):
				t.Errorf("got %v, want ErrBlockedAddress", err)
			case tt.bad && err == nil:
				t.Error("accepted, want an error")
			case !tt.blocked && !tt.bad && err != nil:
				t.Errorf("refused: %v", err)
			}
		})
	}
}
