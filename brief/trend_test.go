package brief

import (
	"testing"
	"time"
)

func TestTrendSpike(t *testing.T) {
	for _, tt := range []struct {
		name  string
		days  []int
		avg   float64
		spike bool
	}{
		{"fourteen today against 3.5 a day spikes", []int{3, 4, 2, 5, 3, 4, 3, 14}, 24.0 / 7, true},
		{"three times the average exactly spikes", []int{2, 2, 2, 2, 2, 2, 2, 6}, 2, true},
		{"just under three times does not", []int{2, 2, 2, 2, 2, 2, 3, 6}, 15.0 / 7, false},
		{"four stories is too few however quiet the week", []int{0, 0, 0, 0, 0, 0, 0, 4}, 0, false},
		{"five after a silent week spikes", []int{0, 0, 0, 0, 0, 0, 0, 5}, 0, true},
		{"no days", nil, 0, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tr := Trend{Days: tt.days}
			if got := tr.Average(); got != tt.avg {
				t.Errorf("Average = %v, want %v", got, tt.avg)
			}
			if got := tr.Spike(); got != tt.spike {
				t.Errorf("Spike = %v, want %v", got, tt.spike)
			}
		})
	}
}

func TestDayBoundsFollowTheZone(t *testing.T) {
	vienna, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	// 30 March 2025 is 23 hours long in Vienna (clocks go forward).
	now := time.Date(2025, 3, 31, 0, 30, 0, 0, vienna) // 30 March 22:30 UTC
	got := DayBounds(now, vienna, 2)
	want := []time.Time{
		time.Date(2025, 3, 30, 0, 0, 0, 0, vienna),
		time.Date(2025, 3, 31, 0, 0, 0, 0, vienna),
		time.Date(2025, 4, 1, 0, 0, 0, 0, vienna),
	}
	if len(got) != len(want) {
		t.Fatalf("got %d bounds, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) || got[i].Location() != time.UTC {
			t.Errorf("bound %d = %s, want %s in UTC", i, got[i], want[i].UTC())
		}
	}
	if d := got[1].Sub(got[0]); d != 23*time.Hour {
		t.Errorf("the day clocks went forward lasts %s, want 23h", d)
	}
}
