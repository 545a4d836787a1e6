package bot

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, text string
		want       Command
	}{
		{"brief with default window", "/brief iran-russia", Command{Name: CmdBrief, Topic: "iran-russia", Window: 24 * time.Hour}},
		{"brief with a week", "/brief jcpoa 7d", Command{Name: CmdBrief, Topic: "jcpoa", Window: 7 * 24 * time.Hour}},
		{"brief without slash", "brief sco 12h", Command{Name: CmdBrief, Topic: "sco", Window: 12 * time.Hour}},
		{"underscores read as hyphens (Telegram menus)", "/brief iran_russia", Command{Name: CmdBrief, Topic: "iran-russia", Window: 24 * time.Hour}},
		{"words of a topic joined", "/brief Iran Russia 7d", Command{Name: CmdBrief, Topic: "iran-russia", Window: 7 * 24 * time.Hour}},
		{"bot name suffix removed", "/brief@BriefBot iran-russia", Command{Name: CmdBrief, Topic: "iran-russia", Window: 24 * time.Hour}},
		{"slack subcommand form of topics", "/brief topics", Command{Name: CmdTopics}},
		{"topics", "/topics", Command{Name: CmdTopics}},
		{"subscribe default mode", "/subscribe jcpoa", Command{Name: CmdSubscribe, Topic: "jcpoa"}},
		{"slack subscribe with mode", "/brief subscribe sco digest", Command{Name: CmdSubscribe, Topic: "sco", Mode: brief.ModeDigest}},
		{"unsubscribe", "/unsubscribe iran-russia", Command{Name: CmdUnsubscribe, Topic: "iran-russia"}},
		{"subscriptions", "/brief subscriptions", Command{Name: CmdSubscriptions}},
		{"digest time and zone", "/digest 7:30 Europe/Vienna", Command{Name: CmdDigest, Time: "07:30", Zone: "Europe/Vienna"}},
		{"digest time only", "/digest 06:05", Command{Name: CmdDigest, Time: "06:05"}},
		{"digest off", "/brief digest off", Command{Name: CmdDigest, Off: true}},
		{"digest now", "/digest NOW", Command{Name: CmdDigest, Now: true}},
		{"mute default 24h", "/mute sco", Command{Name: CmdMute, Topic: "sco", Window: 24 * time.Hour}},
		{"mute two days", "/mute sco 2d", Command{Name: CmdMute, Topic: "sco", Window: 48 * time.Hour}},
		{"help", "/help", Command{Name: CmdHelp}},
		{"help about a command", "/brief help digest", Command{Name: CmdHelp, About: CmdDigest}},
		{"telegram start is help", "/start", Command{Name: CmdHelp}},
		{"upper case command word", "/BRIEF jcpoa", Command{Name: CmdBrief, Topic: "jcpoa", Window: 24 * time.Hour}},
		{"watch keeps the query as typed", `/watch Caspian  "Caspian"  AND (oil OR gas) `, Command{Name: CmdWatch, Topic: "caspian", Query: `"Caspian"  AND (oil OR gas)`}},
		{"slack watch", "/brief watch caspian caspian NEAR/3 oil", Command{Name: CmdWatch, Topic: "caspian", Query: "caspian NEAR/3 oil"}},
		{"unwatch", "/brief unwatch caspian", Command{Name: CmdUnwatch, Topic: "caspian"}},
		{"more page token", "/more jcpoa 1 rs 5", Command{Name: CmdMore, Topic: "jcpoa", Since: time.Unix(1, 0).UTC(), Until: time.Unix(1000, 0).UTC(), Offset: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCommand(tt.text)
			if err != nil {
				t.Fatalf("ParseCommand(%q): %v", tt.text, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseCommand(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestParseCommandErrors(t *testing.T) {
	tests := []struct {
		name, text  string
		wantMsg     string // substring of the message shown to the user
		wantUsage   Name
		wantSuggest Name
	}{
		{"unknown command suggests the closest", "/breif jcpoa", "don't know the command", CmdHelp, CmdBrief},
		{"unknown command far from all", "/weather", "don't know the command", CmdHelp, ""},
		{"brief without topic", "/brief", "Which topic?", CmdBrief, ""},
		{"bad window", "/brief jcpoa 7x", "not a window", CmdBrief, ""},
		{"window over the limit", "/brief jcpoa 90d", "longest window", CmdBrief, ""},
		{"digest bad time", "/digest 25:00", "not a time of day", CmdDigest, ""},
		{"digest unknown zone", "/digest 07:00 Mars/Olympus", "not a time zone", CmdDigest, ""},
		{"digest Local is not a user's zone", "/digest 07:00 Local", "not a time zone", CmdDigest, ""},
		{"topics takes nothing", "/topics jcpoa", "takes no arguments", CmdTopics, ""},
		{"hostile topic characters", "/brief <script>", "not a topic ID", CmdBrief, ""},
		{"forged page token", "/more jcpoa zz 1 -4", "not valid", CmdBrief, ""},
		{"empty page window", "/more jcpoa 0 0 0", "not valid", CmdBrief, ""},
		{"mute for no time", "/mute jcpoa 0h", "not a duration", CmdMute, ""},
		{"too long", "/brief " + strings.Repeat("a", 600), "too long", CmdHelp, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCommand(tt.text)
			pe, ok := errors.AsType[*ParseError](err)
			if !ok {
				t.Fatalf("ParseCommand(%q) error = %v, want a *ParseError", tt.text, err)
			}
			if !strings.Contains(pe.Msg, tt.wantMsg) {
				t.Errorf("message %q does not contain %q", pe.Msg, tt.wantMsg)
			}
			if pe.Usage != tt.wantUsage || pe.Suggest != tt.wantSuggest {
				t.Errorf("usage, suggest = %q, %q; want %q, %q", pe.Usage, pe.Suggest, tt.wantUsage, tt.wantSuggest)
			}
		})
	}
}

func TestParseCommandEmptyIsNotACommand(t *testing.T) {
	for _, text := range []string{"", "   ", "\n\t"} {
		if _, err := ParseCommand(text); !errors.Is(err, ErrNotCommand) {
			t.Errorf("ParseCommand(%q) = %v, want ErrNotCommand", text, err)
		}
	}
}

func TestCommandStringRoundTrips(t *testing.T) {
	for _, text := range []string{
		"/brief iran-russia", "/brief jcpoa 7d", "/topics", "/subscribe sco both", "/unsubscribe sco",
		"/subscriptions", "/digest 07:30 Europe/Vienna", "/digest off", "/digest now", "/mute jcpoa 3h",
		"/more jcpoa 1 rs 5", "/help", "/help digest",
	} {
		c, err := ParseCommand(text)
		if err != nil {
			t.Fatalf("ParseCommand(%q): %v", text, err)
		}
		if got := c.String(); got != text {
			t.Errorf("ParseCommand(%q).String() = %q", text, got)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/brief iran-russia 7d", "/brief subscribe jcpoa both", "/digest 07:30 Europe/Vienna",
		"/more sco 1 2 3", "/mute sco 2d", "brief topics", "/help digest", "/brief@bot iran_russia", "/digest now", "\x00/brief", "/brief watch x a  OR\tb", "/unwatch x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCommand(text)
		if err != nil {
			if pe, ok := errors.AsType[*ParseError](err); ok && len(pe.Msg) > 300 {
				t.Errorf("error message of %d bytes echoes too much input", len(pe.Msg))
			}
			return
		}
		// A parsed command formats back to text that parses to itself.
		again, err := ParseCommand(c.String())
		if err != nil {
			t.Fatalf("ParseCommand(%q).String() = %q does not parse: %v", text, c.String(), err)
		}
		if diff := cmp.Diff(c, again); diff != "" {
			t.Fatalf("round trip of %q via %q changed the command (-first +second):\n%s", text, c.String(), diff)
		}
		if len(c.String()) > MaxCommandBytes+64 {
			t.Errorf("canonical form is %d bytes", len(c.String()))
		}
	})
}

func ExampleParseCommand() {
	for _, text := range []string{"brief iran_russia 7d", "/brief subscribe jcpoa digest", "/digest 7:30 Europe/Vienna"} {
		c, err := ParseCommand(text)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-9s %-11s -> %s\n", c.Name, c.Topic, c)
	}
	// Output:
	// brief     iran-russia -> /brief iran-russia 7d
	// subscribe jcpoa       -> /subscribe jcpoa digest
	// digest                -> /digest 07:30 Europe/Vienna
}
