package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"briefbot/brief"
	"briefbot/store"
)

// ChatSettings returns a channel's display settings, or brief.ErrNotFound
// when it never set any.
func (s *Store) ChatSettings(ctx context.Context, ch brief.ChannelRef) (brief.ChatSettings, error) {
	out := brief.ChatSettings{Channel: ch}
	err := s.view(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT format FROM chat_settings
			WHERE platform = ? AND channel_id = ? AND thread = ?`, ch.Platform, ch.ID, ch.Thread).Scan(&out.Format)
	})
	if err != nil {
		return brief.ChatSettings{}, fmt.Errorf("chat settings of %s: %w", ch, err)
	}
	return out, nil
}

// SetChatSettings stores a channel's display settings, replacing any.
func (s *Store) SetChatSettings(ctx context.Context, cs brief.ChatSettings) error {
	if err := store.CheckChannel(cs.Channel); err != nil {
		return fmt.Errorf("set chat settings: %w", err)
	}
	if _, err := brief.ParseFormat(string(cs.Format)); err != nil {
		return fmt.Errorf("set chat settings of %s: %w", cs.Channel, err)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO chat_settings (platform, channel_id, thread, format)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (platform, channel_id, thread) DO UPDATE SET format = excluded.format`,
			cs.Channel.Platform, cs.Channel.ID, cs.Channel.Thread, string(cs.Format))
		return err
	})
	if err != nil {
		return fmt.Errorf("set chat settings of %s: %w", cs.Channel, err)
	}
	return nil
}
