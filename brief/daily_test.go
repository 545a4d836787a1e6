package brief

import (
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func TestNextDaily(t *testing.T) {
	tests := []struct {
		name, zone, hm, after string
		want                  string // RFC 3339 in UTC
	}{
		{"ordinary day", "Europe/Vienna", "07:30", "2026-11-27T12:00:00Z", "2026-11-28T06:30:00Z"},
		{"later the same day", "Europe/Vienna", "07:30", "2026-11-27T05:00:00Z", "2026-11-27T06:30:00Z"},
		{"exactly at the time moves to the next day", "UTC", "07:00", "2026-11-27T07:00:00Z", "2026-11-28T07:00:00Z"},
		{"Berlin spring gap runs at 03:00, not skipped", "Europe/Berlin", "02:30", "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z"},
		{"Berlin the day after the gap is normal", "Europe/Berlin", "02:30", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"},
		{"Berlin fall back runs at the first 02:30", "Europe/Berlin", "02:30", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"},
		{"Berlin fall back does not run at the second 02:30", "Europe/Berlin", "02:30", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"},
		{"New York spring gap runs at 03:00", "America/New_York", "02:30", "2026-03-07T12:00:00Z", "2026-03-08T07:00:00Z"},
		{"New York fall back runs once", "America/New_York", "01:30", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"},
		{"half-hour DST shift (Lord Howe)", "Australia/Lord_Howe", "02:15", "2026-10-03T12:00:00Z", "2026-10-03T15:30:00Z"},
		{"midnight", "Asia/Tehran", "00:00", "2026-06-01T12:00:00Z", "2026-06-01T20:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after, _ := time.Parse(time.RFC3339, tt.after)
			got, err := NextDaily(tt.hm, mustZone(t, tt.zone), after)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := time.Parse(time.RFC3339, tt.want); !got.Equal(want) {
				t.Errorf("NextDaily(%s, %s, %s) = %s (%s local), want %s", tt.hm, tt.zone, tt.after,
					got.UTC().Format(time.RFC3339), got.In(mustZone(t, tt.zone)).Format("2006-01-02 15:04 MST"), tt.want)
			}
		})
	}
}

// Walking a whole year one firing at a time gives exactly one firing per
// local calendar day, in every zone, DST changes included.
func TestNextDailyOncePerLocalDay(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran", "UTC"} {
		for _, hm := range []string{"00:00", "01:30", "02:30", "07:00", "23:59"} {
			loc := mustZone(t, zone)
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			days := map[string]int{}
			for range 365 {
				next, err := NextDaily(hm, loc, at)
				if err != nil {
					t.Fatal(err)
				}
				if !next.After(at) {
					t.Fatalf("%s %s: NextDaily(%s) = %s does not move forward", zone, hm, at, next)
				}
				days[next.In(loc).Format("2006-01-02")]++
				at = next
			}
			for day, n := range days {
				if n != 1 {
					t.Errorf("%s %s: %d firings on %s", zone, hm, n, day)
				}
			}
			if len(days) != 365 {
				t.Errorf("%s %s: firings on %d distinct days, want 365", zone, hm, len(days))
			}
		}
	}
}

func TestNextDailyRejectsBadTimes(t *testing.T) {
	for _, hm := range []string{"", "7", "24:00", "07:60", "seven"} {
		if _, err := NextDaily(hm, time.UTC, time.Now()); err == nil {
			t.Errorf("NextDaily(%q) accepted a bad time", hm)
		}
	}
}
