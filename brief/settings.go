package brief

import (
	"fmt"
	"strings"
)

// Format is how much of each story a channel's briefings show.
type Format string

// Briefing formats.
const (
	// FormatFull shows each story's headline, source line, a short
	// summary and why it matched. It is the default.
	FormatFull Format = "full"
	// FormatShort shows each story's headline and source line only.
	FormatShort Format = "short"
)

// ParseFormat reads a format as a user types it.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatFull, FormatShort:
		return f, nil
	}
	return "", fmt.Errorf("format %q: want short or full", s)
}

// ChatSettings are a channel's display preferences, stored with the
// channel.
type ChatSettings struct {
	Channel ChannelRef `json:"channel"`
	// Format is how much of each story briefings and digests show; empty
	// means FormatFull.
	Format Format `json:"format,omitempty"`
}
