package brief

import (
	"fmt"
	"time"
)

// NextDaily returns the first instant strictly after `after` at which the
// wall clock in loc shows hm ("HH:MM"). It is the one definition of "daily
// at HH:MM local" that the digest scheduler and the messages announcing it
// share, and it follows what a person expects across daylight-saving changes:
//
//   - on a day when hm falls into a spring-forward gap (02:30 when clocks
//     jump from 02:00 to 03:00), it is the first valid minute after the gap
//     (03:00), never skipped;
//   - on a day when hm occurs twice (fall back), it is the first occurrence
//     only, so the day still has exactly one.
func NextDaily(hm string, loc *time.Location, after time.Time) (time.Time, error) {
	var hh, mm int
	if n, err := fmt.Sscanf(hm, "%d:%d", &hh, &mm); err != nil || n != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return time.Time{}, fmt.Errorf("daily time %q: want HH:MM", hm)
	}
	local := after.In(loc)
	for day := -1; day <= 3; day++ {
		d := time.Date(local.Year(), local.Month(), local.Day()+day, 0, 0, 0, 0, time.UTC)
		t := dailyInstant(d.Year(), d.Month(), d.Day(), hh, mm, loc)
		if t.After(after) {
			return t, nil
		}
	}
	// Unreachable for real zones: some day within three has the time.
	return time.Time{}, fmt.Errorf("daily time %s in %s: no occurrence found after %s", hm, loc, after)
}

// dailyInstant is the instant of hh:mm on the given local date in loc,
// resolved as NextDaily documents.
func dailyInstant(y int, mo time.Month, d, hh, mm int, loc *time.Location) time.Time {
	wall := time.Date(y, mo, d, hh, mm, 0, 0, time.UTC)
	// The offsets in force a day either side bracket any transition on
	// this date (zones change offset at most once a day).
	_, offBefore := wall.Add(-24 * time.Hour).In(loc).Zone()
	_, offAfter := wall.Add(24 * time.Hour).In(loc).Zone()
	var best time.Time
	for _, off := range []int{offBefore, offAfter} {
		t := wall.Add(-time.Duration(off) * time.Second)
		lt := t.In(loc)
		if lt.Hour() == hh && lt.Minute() == mm && lt.Day() == d {
			if best.IsZero() || t.Before(best) {
				best = t
			}
		}
	}
	if !best.IsZero() {
		return best
	}
	// hh:mm does not exist that day: it falls in a gap. The first valid
	// minute after the gap is the start of the zone in force after it.
	t := wall.Add(-time.Duration(offBefore) * time.Second)
	start, _ := t.In(loc).ZoneBounds()
	if start.IsZero() {
		return t
	}
	return start
}
