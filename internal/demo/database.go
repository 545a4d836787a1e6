package demo

import (
	"path/filepath"
	"strings"
)

// DatabasePath is where the offline demo keeps its data, given the
// database path a real run would use: a file of its own beside it,
// "briefbot.db" giving "briefbot-demo.db". The demo's invented stories
// must never show in a real run's briefings, nor its subscriptions send
// there; and the demo's file is easy to find and to delete.
func DatabasePath(real string) string {
	dir, base := filepath.Split(real)
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if stem == "" {
		stem, ext = base, ""
	}
	return filepath.Join(dir, stem+"-demo"+ext)
}
