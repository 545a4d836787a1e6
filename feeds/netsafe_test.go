package feeds

import (
	"errors"
	"net/netip"
	"testing"
)

func TestAddrVerdict(t *testing.T) {
	tests := []struct {
		addr         string
		strict       string // verdict when private networks are not allowed
		allowPrivate string // verdict when they are
	}{
		{"93.184.216.34", "", ""},
		{"2606:2800:220:1:248:1893:25c8:1946", "", ""},
		{"127.0.0.1", "loopback", ""},
		{"::1", "loopback", ""},
		{"10.0.0.1", "private", ""},
		{"172.16.5.4", "private", ""},
		{"192.168.1.1", "private", ""},
		{"fd12:3456::1", "private", ""},
		{"169.254.1.1", "link-local", ""},
		{"fe80::1", "link-local", ""},
		{"100.64.0.1", "reserved", ""},
		{"0.1.2.3", "reserved", ""},
		{"::ffff:10.0.0.1", "private", ""},
		{"64:ff9b::a00:1", "private", ""}, // NAT64 form of 10.0.0.1
		{"169.254.169.254", "cloud metadata", "cloud metadata"},
		{"fd00:ec2::254", "cloud metadata", "cloud metadata"},
		{"100.100.100.200", "cloud metadata", "cloud metadata"},
		{"::ffff:169.254.169.254", "cloud metadata", "cloud metadata"},
		{"224.0.0.1", "multicast", "multicast"},
		{"ff02::1", "multicast", "multicast"},
		{"0.0.0.0", "unspecified", "unspecified"},
		{"::", "unspecified", "unspecified"},
		{"255.255.255.255", "broadcast", "broadcast"},
		// 6to4 (RFC 3056) carries an IPv4 address in bits 16-47.
		{"2002:7f00:1::1", "loopback", ""},                        // 127.0.0.1
		{"2002:a00:1::", "private", ""},                           // 10.0.0.1
		{"2002:c0a8:101:1::5", "private", ""},                     // 192.168.1.1
		{"2002:a9fe:a9fe::1", "cloud metadata", "cloud metadata"}, // 169.254.169.254
		{"2002::1", "unspecified", "unspecified"},                 // 0.0.0.0
		{"2002:5db8:d822::1", "", ""},                             // 93.184.216.34, a public host
		// Site-local (RFC 3879), deprecated but still routed inside sites.
		{"fec0::1", "site-local", ""},
		{"feff:ffff::1", "site-local", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.addr)
			if got := addrVerdict(ip, false); got != tt.strict {
				t.Errorf("strict verdict = %q, want %q", got, tt.strict)
			}
			if got := addrVerdict(ip, true); got != tt.allowPrivate {
				t.Errorf("verdict with private networks allowed = %q, want %q", got, tt.allowPrivate)
			}
		})
	}
}

// TestDialControlRefuses checks the second line of defence: the socket
// Control hook, which sees the address the kernel is given.
func TestDialControlRefuses(t *testing.T) {
	d := newDialer(fakeResolver{}, false)
	for _, addr := range []string{"10.0.0.1:80", "[::1]:443", "169.254.169.254:80", "not-an-address"} {
		if err := d.control("tcp", addr, nil); !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("control(%q) = %v, want ErrBlockedAddress", addr, err)
		}
	}
	if err := d.control("tcp", "93.184.216.34:443", nil); err != nil {
		t.Errorf("control(public) = %v", err)
	}
}
