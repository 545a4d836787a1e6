package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func TestOutboxGauges(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		read   OutboxReader
		want   []string
		absent []string
	}{
		{
			name: "depth and the oldest due message's age",
			read: func(context.Context, time.Time) (int, time.Time, error) { return 7, now.Add(-90 * time.Second), nil },
			want: []string{"briefbot_outbox_depth 7\n", "briefbot_outbox_oldest_due_age_seconds 90\n", "briefbot_outbox_read_ok 1\n"},
		},
		{
			name: "nothing due",
			read: func(context.Context, time.Time) (int, time.Time, error) { return 2, time.Time{}, nil },
			want: []string{"briefbot_outbox_depth 2\n", "briefbot_outbox_oldest_due_age_seconds 0\n"},
		},
		{
			name: "a store that does not answer in time",
			read: func(ctx context.Context, _ time.Time) (int, time.Time, error) {
				<-ctx.Done()
				return 0, time.Time{}, errors.New("read the outbox: " + ctx.Err().Error())
			},
			want:   []string{"briefbot_outbox_read_ok 0\n"},
			absent: []string{"briefbot_outbox_depth ", "briefbot_outbox_oldest_due_age_seconds "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(Options{Version: "v1.2.3", Outbox: tt.read, OutboxTimeout: 50 * time.Millisecond, Now: func() time.Time { return now }})
			body := scrape(t, m)
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in the scrape", strings.TrimSpace(w))
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("%q present though the outbox could not be read", a)
				}
			}
			if !strings.Contains(body, `briefbot_build_info{goversion="`) || !strings.Contains(body, `version="v1.2.3"} 1`) {
				t.Error("build info missing")
			}
		})
	}
}
