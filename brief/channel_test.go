package brief

import (
	"strings"
	"testing"
)

func TestChannelRefRoundTrip(t *testing.T) {
	for _, c := range []ChannelRef{
		{Platform: "slack", ID: "C0123"},
		{Platform: "slack", ID: "C0123", Thread: "1700000000.000100"},
		{Platform: "telegram", ID: "-1001234", Thread: "42"},
		{Platform: "console", ID: "local"},
	} {
		got, err := ParseChannelRef(c.String())
		if err != nil || got != c {
			t.Errorf("ParseChannelRef(%q) = %+v, %v; want %+v", c.String(), got, err, c)
		}
	}
	for _, bad := range []string{"", "slack", "slack:", ":C1", "slack:/t"} {
		if _, err := ParseChannelRef(bad); err == nil {
			t.Errorf("ParseChannelRef(%q) accepted a bad reference", bad)
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"alerts": ModeAlerts, "Alert": ModeAlerts, "digest": ModeDigest, "BOTH": ModeBoth} {
		if got, err := ParseMode(in); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("sometimes"); err == nil {
		t.Error("ParseMode accepted an unknown mode")
	}
	if !ModeBoth.Alerts() || !ModeBoth.Digest() || ModeAlerts.Digest() || ModeDigest.Alerts() {
		t.Error("mode predicates disagree with their names")
	}
}

func TestNormalizeTopicID(t *testing.T) {
	for in, want := range map[string]string{"iran_russia": "iran-russia", " JCPOA ": "jcpoa", "Iran Russia": "iran-russia"} {
		if got := NormalizeTopicID(in); got != want {
			t.Errorf("NormalizeTopicID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchWhy(t *testing.T) {
	m := Match{Hits: []Hit{
		{Term: "Russia*", Found: "Russian", Field: "text"},
		{Term: "talks", Found: "talks", Field: "text"},
		{Term: "Raisi", Found: "Riasi", Field: "text", Fuzzy: true},
		{Term: "Iran", Found: "Iran’s", Field: "title"},
		{Term: "Iran", Found: "IRAN", Field: "text"},
		{Term: "Russia*", Found: "Russia", Field: "title"},
		{Term: "North-South Transport Corridor", Found: "North-South transport corridor", Field: "text"},
	}}
	got := strings.Join(m.Why(4), ", ")
	if want := "Russia, Iran, Riasi (≈ Raisi), North-South transport corridor"; got != want {
		t.Errorf("Why(4) = %q, want %q", got, want)
	}
	generic := Match{Hits: []Hit{{Term: "talks", Found: "talks", Field: "text"}}}
	if got := generic.Why(3); len(got) != 1 || got[0] != "talks" {
		t.Errorf("a match of context words only explains itself with them: %q", got)
	}
}
