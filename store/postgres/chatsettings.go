package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"briefbot/brief"
	"briefbot/store"
)

// ChatSettings returns a channel's display settings, or brief.ErrNotFound
// when it never set any.
func (s *Store) ChatSettings(ctx context.Context, ch brief.ChannelRef) (brief.ChatSettings, error) {
	out := brief.ChatSettings{Channel: ch}
	err := s.view(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT format FROM chat_settings
			WHERE platform = $1 AND channel_id = $2 AND thread = $3`, ch.Platform, ch.ID, ch.Thread).Scan(&out.Format)
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
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO chat_settings (platform, channel_id, thread, format)
			VALUES ($1, $2, $3, $4)
			ON CONFLICT (platform, channel_id, thread) DO UPDATE SET format = excluded.format`,
			cs.Channel.Platform, cs.Channel.ID, cs.Channel.Thread, string(cs.Format))
		return err
	})
	if err != nil {
		return fmt.Errorf("set chat settings of %s: %w", cs.Channel, err)
	}
	return nil
}
