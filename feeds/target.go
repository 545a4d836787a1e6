package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// CheckTarget vets a feed URL before it is added to the feed list: it must
// be http or https with a host, and every address the host resolves to
// must be one the fetcher may dial (not loopback, private or link-local
// unless Options.AllowPrivateNetworks; never a metadata endpoint). A
// refused address gives ErrBlockedAddress, wrapped with the address and
// why. The fetcher checks again when it dials, so a name that resolves
// elsewhere later is still refused then; this check tells the operator at
// once instead of at the first poll. A name DNS cannot resolve now gives
// an error wrapping *net.DNSError.
func (f *Fetcher) CheckTarget(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return fmt.Errorf("%s: not an http or https URL with a host", RedactURL(rawURL))
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	var addrs []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{ip}
	} else if tld := host[strings.LastIndexByte(host, '.')+1:]; tld == "localhost" {
		// RFC 6761 section 6.3: localhost names are loopback, whatever DNS says.
		addrs = []netip.Addr{netip.IPv6Loopback()}
	} else if tld == "example" || tld == "invalid" || tld == "test" {
		// RFC 2606 reserves these; they resolve nowhere public, so there
		// is nothing to ask DNS. The dial-time check still judges them.
		return nil
	} else {
		ips, err := f.opt.Resolver.LookupIPAddr(ctx, host)
		if err != nil {
			return fmt.Errorf("%s: resolve %s: %w", RedactURL(rawURL), host, err)
		}
		for _, ip := range ips {
			if a, ok := netip.AddrFromSlice(ip.IP); ok {
				addrs = append(addrs, a.Unmap())
			}
		}
		if len(addrs) == 0 {
			return fmt.Errorf("%s: %w", RedactURL(rawURL), &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true})
		}
	}
	var errs []error
	for _, a := range addrs {
		if err := checkAddr(a, f.opt.AllowPrivateNetworks); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %w", RedactURL(rawURL), errors.Join(errs...))
	}
	return nil
}
