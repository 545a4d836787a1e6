package demo_test

import (
	"path/filepath"
	"testing"

	"briefbot/internal/demo"
)

func TestDatabasePathIsBesideTheRealOne(t *testing.T) {
	for _, tc := range []struct{ real, want string }{
		{"briefbot.db", "briefbot-demo.db"},
		{"/data/briefbot.db", "/data/briefbot-demo.db"},
		{"state/bot.sqlite3", "state/bot-demo.sqlite3"},
		{"briefbot", "briefbot-demo"},
		{".briefbot", ".briefbot-demo"},
	} {
		if got, want := demo.DatabasePath(filepath.FromSlash(tc.real)), filepath.FromSlash(tc.want); got != want {
			t.Errorf("DatabasePath(%q) = %q, want %q", tc.real, got, want)
		}
	}
}
