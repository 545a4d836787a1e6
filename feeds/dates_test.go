package feeds

import (
	"testing"
	"time"
)

// TestTwelveHourClock: "PM" used to be ignored, so an afternoon article
// was dated twelve hours early (gofeed read "PM" as a zone name).
func TestTwelveHourClock(t *testing.T) {
	tests := []struct {
		date string
		want time.Time
	}{
		{"Sat, Dec 16 2023 02:02:33 PM", time.Date(2023, 12, 16, 14, 2, 33, 0, time.UTC)},
		{"Sat, Dec 16 2023 02:02:33 AM", time.Date(2023, 12, 16, 2, 2, 33, 0, time.UTC)},
		{"Sat, Dec 16 2023 12:15:00 AM", time.Date(2023, 12, 16, 0, 15, 0, 0, time.UTC)},
		{"Sat, Dec 16 2023 12:15:00 PM", time.Date(2023, 12, 16, 12, 15, 0, 0, time.UTC)},
		{"16 Dec 2023 9:05 p.m. -0500", time.Date(2023, 12, 17, 2, 5, 0, 0, time.UTC)},
		{"2023-12-16 07:30:00pm", time.Date(2023, 12, 16, 19, 30, 0, 0, time.UTC)},
		// A 24-hour time with a stray PM keeps its hour; German "am" is "on".
		{"Sat, 16 Dec 2023 14:02:33 PM", time.Date(2023, 12, 16, 14, 2, 33, 0, time.UTC)},
		{"Samstag, am 16. Dezember 2023 12:30", time.Date(2023, 12, 16, 12, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			doc := `<rss version="2.0"><channel><title>x</title><item><title>a</title><link>https://x.example/a</link><pubDate>` + tt.date + `</pubDate></item></channel></rss>`
			res, err := Parse([]byte(doc), "", "https://x.example/feed", testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Articles[0].Published; !got.Equal(tt.want) {
				t.Errorf("Published = %v, want %v", got, tt.want)
			}
		})
	}
}
