package storetest

import (
	"testing"

	"briefbot/brief"
	"briefbot/store"
)

var chatSettingsCases = []contractCase{
	{"a channel that never chose a format has no settings", func(t *testing.T, s store.Store) {
		_, err := s.ChatSettings(t.Context(), chA)
		wantErr(t, err, brief.ErrNotFound)
	}},
	{"a chosen format is stored with its channel and can change", func(t *testing.T, s store.Store) {
		must(t, s.SetChatSettings(t.Context(), brief.ChatSettings{Channel: chA, Format: brief.FormatShort}))
		got, err := s.ChatSettings(t.Context(), chA)
		must(t, err)
		if got.Format != brief.FormatShort || got.Channel != chA {
			t.Fatalf("settings of %s = %+v, want short", chA, got)
		}
		// A thread is its own channel, and another channel is untouched.
		for _, other := range []brief.ChannelRef{chAThread, chB} {
			if _, err := s.ChatSettings(t.Context(), other); err == nil {
				t.Errorf("%s has settings it never chose", other)
			}
		}
		must(t, s.SetChatSettings(t.Context(), brief.ChatSettings{Channel: chA, Format: brief.FormatFull}))
		got, err = s.ChatSettings(t.Context(), chA)
		must(t, err)
		if got.Format != brief.FormatFull {
			t.Fatalf("format after changing it back = %q, want full", got.Format)
		}
	}},
	{"an unknown format is refused", func(t *testing.T, s store.Store) {
		if err := s.SetChatSettings(t.Context(), brief.ChatSettings{Channel: chB, Format: "huge"}); err == nil {
			t.Fatal("stored the format \"huge\"")
		}
		_, err := s.ChatSettings(t.Context(), chB)
		wantErr(t, err, brief.ErrNotFound)
	}},
}
