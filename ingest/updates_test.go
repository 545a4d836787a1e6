package ingest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
)

// updateRig is the ingest rig with an alerter queuing through the real
// dispatcher into the store's outbox.
type updateRig struct {
	*rig
	al *Alerter
}

func newUpdateRig(t *testing.T, interval time.Duration, paths ...string) *updateRig {
	t.Helper()
	r := newRig(t, paths...)
	now := func() time.Time { return r.now }
	d := bot.NewDispatcher(r.st, bot.DispatcherOptions{Now: now})
	al := NewAlerter(r.st, d, []brief.Topic{{ID: "iran-russia", Title: "Iran–Russia relations"}},
		AlerterOptions{UpdateInterval: interval, Now: now})
	return &updateRig{rig: r, al: al}
}

// flush queues due alerts and updates and returns how many of each.
func (u *updateRig) flush(t *testing.T) (alerts, updates int) {
	t.Helper()
	a, err := u.al.Flush(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n, err := u.al.FlushUpdates(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return a, n
}

// deliver marks every pending message sent, as the platform would accept
// them, recording ref as each alert's platform reference.
func (u *updateRig) deliver(t *testing.T, ref string) {
	t.Helper()
	for {
		ms, err := u.st.ClaimDue(t.Context(), u.now, time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 {
			return
		}
		for _, m := range ms {
			if m.Kind == store.KindAlert {
				if err := u.st.SetMessageRef(t.Context(), m.ID, ref); err != nil {
					t.Fatal(err)
				}
			}
			if err := u.st.MarkSent(t.Context(), m.ID, u.now); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// updates returns the story updates in the outbox, oldest first.
func (u *updateRig) updates(t *testing.T) []store.StoryUpdate {
	t.Helper()
	ms, err := u.st.Messages(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	var out []store.StoryUpdate
	for _, m := range ms {
		if m.Kind != store.KindUpdate {
			continue
		}
		var r bot.Response
		if err := json.Unmarshal(m.Payload, &r); err != nil || r.Update == nil {
			t.Fatalf("update message %s: %v", m.Key, err)
		}
		out = append(out, *r.Update)
	}
	return out
}

func outletNames(u store.StoryUpdate) []string {
	var out []string
	for _, s := range u.NewOutlets {
		out = append(out, s.Name)
	}
	return out
}

const newSentence = "Russian Railways said the first freight trains would run on the new line in 2028, three years earlier than planned."

// TestLaterOutletsOfAnAlertedStoryBecomeOneUpdate follows one story: the
// first outlet's report alerts; a second outlet's copy and a third
// outlet's report with a new sentence, both within the update interval of
// the alert, become one update replying to the alert, not a new alert; a
// later copy from an outlet already told adds nothing and sends nothing.
func TestLaterOutletsOfAnAlertedStoryBecomeOneUpdate(t *testing.T) {
	u := newUpdateRig(t, 30*time.Minute, "/a", "/b", "/c")
	u.subscribe(t, alerts, "iran-russia")
	for _, p := range []string{"/a", "/b", "/c"} {
		u.pub.set(p)
	}
	u.pollAll(t) // the first poll: nothing yet

	u.now = u.now.Add(11 * time.Minute)
	u.pub.add("/a", item{GUID: "tag:wire.example,2026:ir1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway",
		Link: "https://wire.example/ir1", Body: iranRussiaBody, Published: u.now})
	u.pollAll(t)
	if a, n := u.flush(t); a != 1 || n != 0 {
		t.Fatalf("first report: %d alerts and %d updates queued, want 1 and 0", a, n)
	}
	u.deliver(t, "1764230400.000100")
	alertAt := u.now

	// A second outlet's copy, five minutes later.
	u.now = alertAt.Add(5 * time.Minute)
	edited := strings.Replace(iranRussiaBody, "on Wednesday", "on Wednesday, officials said,", 1)
	u.pub.add("/b", item{GUID: "tag:daily.example,2026:copy-1", Title: "Moscow, Tehran agree to fund Rasht-Astara rail link",
		Link: "https://daily.example/copy", Body: edited, Published: u.now})
	u.now = u.now.Add(11 * time.Minute) // /b's next poll
	u.pollAll(t)
	if a, n := u.flush(t); a != 0 || n != 0 {
		t.Fatalf("second outlet within the interval: %d alerts and %d updates queued, want none yet", a, n)
	}

	// A third outlet, with something the others did not say.
	extended := strings.Replace(iranRussiaBody, "</p>\n<p>President", "</p>\n<p>"+newSentence+"</p>\n<p>President", 1)
	u.pub.add("/c", item{GUID: "tag:radio.example,2026:rail", Title: "Rasht-Astara railway deal signed in Moscow",
		Link: "https://radio.example/rail", Body: extended, Published: u.now})
	u.now = u.now.Add(11 * time.Minute) // /c's next poll
	u.pollAll(t)
	if a, n := u.flush(t); a != 0 || n != 0 {
		t.Fatalf("third outlet within the interval: %d alerts and %d updates queued, want none yet", a, n)
	}

	u.now = alertAt.Add(30 * time.Minute)
	if a, n := u.flush(t); a != 0 || n != 1 {
		t.Fatalf("after the interval: %d alerts and %d updates queued, want one update", a, n)
	}
	got := u.updates(t)
	if len(got) != 1 {
		t.Fatalf("%d updates in the outbox, want 1", len(got))
	}
	up := got[0]
	if want := []string{"Feed /b", "Feed /c"}; strings.Join(outletNames(up), "|") != strings.Join(want, "|") {
		t.Errorf("new outlets = %v, want %v", outletNames(up), want)
	}
	if up.ReplyTo != "1764230400.000100" {
		t.Errorf("update replies to %q, want the alert's reference", up.ReplyTo)
	}
	said := false
	for _, s := range up.Sentences {
		if s.Text == newSentence && up.Articles[s.Cite].Link == "https://radio.example/rail" {
			said = true
		}
		if strings.Contains(s.Text, "signed an agreement on Wednesday") {
			t.Errorf("the update repeats what the alert told: %q", s.Text)
		}
	}
	if !said {
		t.Errorf("the update does not quote the third outlet's new sentence, cited to it: %+v", up.Sentences)
	}
	if up.Title != "Russia and Iran sign deal to finance Rasht-Astara railway" {
		t.Errorf("update title = %q, want the alerted headline", up.Title)
	}
	if a, n := u.flush(t); a != 0 || n != 0 {
		t.Errorf("a second flush queued %d alerts and %d updates", a, n)
	}
	u.deliver(t, "unused")

	// The first outlet runs its own copy again under a new ID: no new
	// outlet, nothing new to say.
	u.now = u.now.Add(time.Minute)
	u.pub.add("/a", item{GUID: "tag:wire.example,2026:ir1-repost", Title: "Russia and Iran sign deal to finance Rasht-Astara railway (updated)",
		Link: "https://wire.example/ir1-repost", Body: iranRussiaBody, Published: u.now})
	u.now = u.now.Add(11 * time.Minute)
	u.pollAll(t)
	u.now = u.now.Add(time.Hour)
	if a, n := u.flush(t); a != 0 || n != 0 {
		t.Errorf("a copy from an outlet already told: %d alerts and %d updates queued, want none", a, n)
	}
	if due, err := u.st.DueUpdateBatches(t.Context(), u.now); err != nil || len(due) != 0 {
		t.Errorf("articles that added nothing still queued: %+v, %v", due, err)
	}
	if n := len(u.updates(t)); n != 1 {
		t.Errorf("%d updates in the outbox, want still 1", n)
	}
}

// TestUpdateWaitsForItsAlert checks that an update due before its alert
// was delivered waits for it, and then replies to it.
func TestUpdateWaitsForItsAlert(t *testing.T) {
	u := newUpdateRig(t, 0, "/a", "/b")
	u.subscribe(t, alerts, "iran-russia")
	u.pub.set("/a")
	u.pub.set("/b")
	u.pollAll(t)
	u.now = u.now.Add(11 * time.Minute)
	u.pub.add("/a", item{GUID: "ir1", Title: "Russia and Iran sign deal to finance Rasht-Astara railway",
		Link: "https://wire.example/ir1", Body: iranRussiaBody, Published: u.now})
	u.pollAll(t)
	if a, _ := u.flush(t); a != 1 {
		t.Fatalf("%d alerts queued, want 1", a)
	}
	u.now = u.now.Add(11 * time.Minute)
	u.pub.add("/b", item{GUID: "copy", Title: "Moscow, Tehran agree to fund Rasht-Astara rail link",
		Link: "https://daily.example/copy", Body: strings.Replace(iranRussiaBody, "on Wednesday", "on Wednesday, officials said,", 1), Published: u.now})
	u.pollAll(t)
	if _, n := u.flush(t); n != 0 {
		t.Fatalf("%d updates queued while the alert is undelivered, want 0", n)
	}
	u.deliver(t, "77")
	if _, n := u.flush(t); n != 1 {
		t.Fatalf("%d updates queued once the alert was delivered, want 1", n)
	}
	if got := u.updates(t); len(got) != 1 || got[0].ReplyTo != "77" {
		t.Errorf("updates = %+v, want one replying to 77", got)
	}
}
