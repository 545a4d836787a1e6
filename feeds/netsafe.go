package feeds

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
)

// Resolver looks up a host's addresses. *net.Resolver satisfies it; tests
// inject one that maps a name to an inward address.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// metadataAddrs are cloud instance-metadata endpoints. They hand out
// credentials to whoever asks from inside the instance, and no feed lives
// there, so they are refused even when private networks are allowed.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
	netip.MustParseAddr("169.254.170.2"),   // AWS ECS task metadata
	netip.MustParseAddr("fd00:ec2::254"),   // AWS IPv6 metadata
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
}

// privatePrefixes are unicast ranges that do not lead to the public
// internet: the operator's own networks. net/netip covers RFC 1918, ULA,
// loopback and link-local; these add the rest of the IANA special-purpose
// registry that a feed URL has no business reaching.
var privatePrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),     // "this network" (RFC 791)
	netip.MustParsePrefix("100.64.0.0/10"), // shared address space, carrier NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),  // IETF protocol assignments (RFC 6890)
	netip.MustParsePrefix("192.0.2.0/24"),  // TEST-NET-1 (RFC 5737)
	netip.MustParsePrefix("198.18.0.0/15"), // benchmarking (RFC 2544)
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"), // reserved, and broadcast
	netip.MustParsePrefix("100::/64"),    // discard-only (RFC 6666)
	netip.MustParsePrefix("2001:db8::/32"),
}

// embedsIPv4 are IPv6 prefixes whose last 32 bits carry an IPv4 address
// that the network will reach: NAT64 (RFC 6052) and the deprecated
// IPv4-compatible form. The embedded address is judged instead.
var embedsIPv4 = []netip.Prefix{
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("::/96"),
}

// sixToFour is 6to4 (RFC 3056): 2002:AABB:CCDD::/48 reaches the IPv4
// address AA.BB.CC.DD through a relay, so that address is judged.
var sixToFour = netip.MustParsePrefix("2002::/16")

// siteLocal is IPv6 site-local unicast (RFC 3879 deprecated it, but hosts
// and routers still honour it): the operator's own site.
var siteLocal = netip.MustParsePrefix("fec0::/10")

// addrVerdict says why an address is refused, or "" when it may be dialled.
// allowPrivate permits loopback, private and link-local unicast; it never
// permits metadata endpoints or addresses that are not unicast.
func addrVerdict(ip netip.Addr, allowPrivate bool) string {
	ip = ip.Unmap().WithZone("")
	for _, p := range embedsIPv4 {
		if ip.Is6() && p.Contains(ip) && !ip.IsUnspecified() && !ip.IsLoopback() {
			b := ip.As16()
			return addrVerdict(netip.AddrFrom4([4]byte(b[12:16])), allowPrivate)
		}
	}
	if sixToFour.Contains(ip) {
		b := ip.As16()
		return addrVerdict(netip.AddrFrom4([4]byte(b[2:6])), allowPrivate)
	}
	for _, m := range metadataAddrs {
		if ip == m {
			return "cloud metadata"
		}
	}
	switch {
	case !ip.IsValid():
		return "invalid"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast():
		return "multicast"
	case ip.Is4() && ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return "broadcast"
	}
	if allowPrivate {
		return ""
	}
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast():
		return "link-local"
	case siteLocal.Contains(ip):
		return "site-local"
	}
	for _, p := range privatePrefixes {
		if p.Contains(ip) {
			return "reserved"
		}
	}
	return ""
}

// checkAddr returns ErrBlockedAddress, wrapped with the address and the
// reason, when ip may not be dialled.
func checkAddr(ip netip.Addr, allowPrivate bool) error {
	if why := addrVerdict(ip, allowPrivate); why != "" {
		return fmt.Errorf("dial %s (%s): %w", ip, why, ErrBlockedAddress)
	}
	return nil
}

// dialer connects only to allowed addresses. It resolves names itself so
// that every address is judged after DNS, and it judges again in the
// socket's Control hook, which sees the exact address the kernel is given
// for every connection, including those made for redirects.
type dialer struct {
	net          net.Dialer
	resolver     Resolver
	allowPrivate bool
	// exempt is an address:port dialled even when private networks are
	// not allowed. Only tests set it, to reach their own loopback
	// publisher while everything else stays refused.
	exempt netip.AddrPort
}

func newDialer(resolver Resolver, allowPrivate bool) *dialer {
	d := &dialer{resolver: resolver, allowPrivate: allowPrivate}
	d.net.Control = d.control
	return d
}

func (d *dialer) permitted(ap netip.AddrPort) error {
	if d.exempt.IsValid() && ap.Addr().Unmap() == d.exempt.Addr().Unmap() && ap.Port() == d.exempt.Port() {
		return nil
	}
	return checkAddr(ap.Addr(), d.allowPrivate)
}

func (d *dialer) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, ErrBlockedAddress)
	}
	return d.permitted(ap)
}

// checkHost resolves host and refuses it, with ErrBlockedAddress, when any
// of its addresses may not be dialled on port. It is the check made before
// a request that a proxy will connect for us.
func (d *dialer) checkHost(ctx context.Context, host, port string) error {
	portNum, err := net.LookupPort("tcp", port)
	if err != nil {
		return err
	}
	var addrs []netip.Addr
	if name := strings.TrimSuffix(strings.ToLower(host), "."); name == "localhost" || strings.HasSuffix(name, ".localhost") {
		// RFC 6761 section 6.3: the proxy takes these for its own
		// loopback, whatever our DNS says.
		addrs = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}
	} else if addrs, err = d.lookup(ctx, host); err != nil {
		return err
	}
	for _, a := range addrs {
		if err := d.permitted(netip.AddrPortFrom(a, uint16(portNum))); err != nil {
			return fmt.Errorf("%s: %w", host, err)
		}
	}
	return nil
}

// lookup returns host's addresses: the host itself when it is an IP
// literal, else what the resolver answers.
func (d *dialer) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ips, err := d.resolver.LookupIPAddr(ctx, host)
	if err != nil {
		return nil, err
	}
	var addrs []netip.Addr
	for _, ip := range ips {
		if a, ok := netip.AddrFromSlice(ip.IP); ok {
			addrs = append(addrs, a.Unmap())
		}
	}
	if len(addrs) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return addrs, nil
}

// DialContext resolves addr's host and dials the first permitted address
// that answers. When every address is refused it returns ErrBlockedAddress.
func (d *dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	addrs, err := d.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	portNum, err := net.LookupPort(network, port)
	if err != nil {
		return nil, err
	}
	var firstErr error
	for _, a := range addrs {
		if network == "tcp4" && !a.Is4() || network == "tcp6" && !a.Is6() {
			continue
		}
		ap := netip.AddrPortFrom(a, uint16(portNum))
		if err := d.permitted(ap); err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("%s: %w", host, err)
			}
			continue
		}
		c, err := d.net.DialContext(ctx, network, ap.String())
		if err == nil {
			return c, nil
		}
		// A refused dial on one address should not hide a blocked one: both
		// are worth reporting, but a blocked verdict is the more useful.
		if firstErr == nil || !errors.Is(firstErr, ErrBlockedAddress) {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("dial %s: no %s address", host, network)
	}
	return nil, firstErr
}
