package console

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// recorder is the bot core's side of the console, recording requests.
type recorder struct{ got []bot.Request }

func (r *recorder) Serve(_ context.Context, req bot.Request) error {
	r.got = append(r.got, req)
	return nil
}

func TestRunServesEachLineUntilEOF(t *testing.T) {
	var out bytes.Buffer
	c := New(strings.NewReader("/topics\n\n   \n/brief iran-russia 7d\n"), &out)
	rec := &recorder{}
	if err := c.Run(t.Context(), rec); err != nil {
		t.Fatalf("Run at EOF = %v, want nil", err)
	}
	if len(rec.got) != 2 || rec.got[0].Text != "/topics" || rec.got[1].Text != "/brief iran-russia 7d" {
		t.Fatalf("requests = %+v, want the two commands, blank lines skipped", rec.got)
	}
	if rec.got[0].ID == rec.got[1].ID || rec.got[0].Channel != Channel || !rec.got[0].CanManage {
		t.Errorf("requests need distinct IDs on the console channel, managed by its user: %+v", rec.got)
	}
}

func TestRunIDsDifferAcrossRuns(t *testing.T) {
	a, b := &recorder{}, &recorder{}
	New(strings.NewReader("/help\n"), &bytes.Buffer{}).Run(t.Context(), a)
	New(strings.NewReader("/help\n"), &bytes.Buffer{}).Run(t.Context(), b)
	if a.got[0].ID == b.got[0].ID {
		t.Errorf("two runs gave the same request ID %q; the second answer would be taken for a repeat", a.got[0].ID)
	}
}

func TestSendPrintsHostileFeedTextInert(t *testing.T) {
	var out bytes.Buffer
	c := New(strings.NewReader(""), &out)
	title := "Talks resume\x1b[2J\x1b]0;pwned\x07 \u202egnp.exe"
	r := bot.Response{Kind: bot.KindBriefing, Briefing: &brief.Briefing{
		Topic: brief.Topic{ID: "jcpoa", Title: "Iran nuclear deal"}, Since: time.Now().Add(-24 * time.Hour), Until: time.Now(), Total: 1,
		Stories: []brief.Story{{Article: brief.Article{Title: title, Link: "https://wire.example/1", Source: "Wire", Published: time.Now()},
			Match: brief.Match{Summary: []string{"Summary\x1b[31m in red."}}}}}}
	accepted := 0
	if err := c.Send(t.Context(), bot.Delivery{Response: r, Accepted: func(n int) { accepted = n }}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.ContainsAny(got, "\x1b\x07\u202e") {
		t.Errorf("terminal control characters reached the console: %q", got)
	}
	if !strings.Contains(got, "Talks resume[2J]0;pwned gnp.exe") || !strings.Contains(got, "https://wire.example/1") {
		t.Errorf("the story itself is lost: %q", got)
	}
	if accepted != 1 {
		t.Errorf("accepted parts = %d, want 1", accepted)
	}
	// A delivery already printed before a crash is not printed again.
	out.Reset()
	c.Send(t.Context(), bot.Delivery{Response: r, Done: 1})
	if out.Len() != 0 {
		t.Errorf("a delivered response was printed again: %q", out.String())
	}
}

func TestAHugeLineIsRefusedAndTheConsoleGoesOn(t *testing.T) {
	in := "/brief " + strings.Repeat("a", 200_000) + "\n/topics\n"
	rec := &recorder{}
	if err := New(strings.NewReader(in), &bytes.Buffer{}).Run(t.Context(), rec); err != nil {
		t.Fatalf("Run = %v, want it to carry on after a huge line", err)
	}
	if len(rec.got) != 2 || len(rec.got[0].Text) > 4096 || rec.got[1].Text != "/topics" {
		t.Errorf("requests: %d, first %d bytes; want the huge line clipped and /topics served after it", len(rec.got), len(rec.got[0].Text))
	}
	if _, err := bot.ParseCommand(rec.got[0].Text); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("the clipped line parses as %v, want 'too long'", err)
	}
}

func TestTheLastLineNeedsNoNewline(t *testing.T) {
	rec := &recorder{}
	New(strings.NewReader("/help\n/topics"), &bytes.Buffer{}).Run(t.Context(), rec)
	if len(rec.got) != 2 || rec.got[1].Text != "/topics" {
		t.Errorf("requests = %+v", rec.got)
	}
}
