package brief

import "testing"

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
