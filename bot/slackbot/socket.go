package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"briefbot/bot"
)

// runSocket holds a Socket Mode connection until ctx ends. slack-go
// reconnects on its own when Slack asks or the connection drops; it gives
// up only when Slack refuses the app token. It also returns when the
// intake fails (recovered).
func (a *Adapter) runSocket(ctx context.Context, recovered <-chan error) error {
	sm := socketmode.New(a.client,
		socketmode.OptionLog(slog.NewLogLogger(a.log.With("library", "slack-go/socketmode").Handler(), slog.LevelDebug)))
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	done := make(chan error, 1)
	a.down.Store(true)
	wg.Go(func() { done <- sm.RunContext(runCtx) })
	connected := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case err := <-recovered:
			return err
		case err := <-done:
			if ctx.Err() != nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w (check BRIEFBOT_SLACK_APP_TOKEN)", a.redact(err))
		case evt := <-sm.Events:
			a.socketEvent(ctx, sm, evt, &connected)
		}
	}
}

// socketEvent records a request envelope durably, acknowledges it, then
// serves it. An envelope that cannot be recorded is not acknowledged, so
// Slack delivers it again; one recorded before (a redelivery) is
// acknowledged and not served again.
func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, connected *int) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.down.Store(false)
		*connected++
		if *connected == 1 {
			a.log.Info("slack connected over Socket Mode")
		} else {
			a.log.Debug("slack reconnected over Socket Mode", "count", *connected)
		}
		return
	case socketmode.EventTypeConnecting:
		// slack-go (re)dials: not connected until EventTypeConnected.
		a.down.Store(true)
		return
	case socketmode.EventTypeConnectionError:
		a.down.Store(true)
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			a.log.Warn("slack Socket Mode connection failed; retrying", "error", a.redact(ce.ErrorObj), "retry_in", ce.Backoff)
		}
		return
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("slack refused the app token: check BRIEFBOT_SLACK_APP_TOKEN")
		return
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorBadMessage, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("slack Socket Mode message problem", "event", string(evt.Type))
		return
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
	default:
		a.log.Debug("slack Socket Mode event", "event", string(evt.Type))
		return
	}
	if evt.Request == nil {
		return
	}
	var req bot.Request
	ok := false
	switch data := evt.Data.(type) {
	case slackevents.EventsAPIEvent:
		req, ok = a.fromEvent(data)
	case slack.SlashCommand:
		req, ok = a.fromSlashCommand(data)
	case slack.InteractionCallback:
		req, ok = a.fromInteraction(data)
	}
	fresh := false
	if ok {
		var err error
		if fresh, err = a.take(ctx, req); err != nil {
			a.log.Error("slack request not recorded; leaving it unacknowledged for Slack to redeliver",
				"request", req.ID, "channel", req.Channel.String(), "error", err)
			return
		}
	}
	// Slack redelivers what is not acknowledged within 3 seconds. The
	// acknowledgement is sent even while stopping: the request is recorded.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), takeTimeout)
	err := sm.AckCtx(actx, evt.Request.EnvelopeID, nil)
	cancel()
	if err != nil {
		a.log.Warn("slack acknowledge envelope", "error", a.redact(err))
	}
	if !ok {
		return
	}
	if !fresh {
		a.log.Info("slack request seen before; acknowledged, not served again", "request", req.ID, "channel", req.Channel.String())
		return
	}
	a.log.Debug("slack request", "request", req.ID, "channel", req.Channel.String())
	// Waiting for a slot ignores shutdown: the request was acknowledged.
	if !a.begin(context.WithoutCancel(ctx), req, true) {
		a.log.Warn("slack request recorded while stopping; it is served at the next start", "request", req.ID)
	}
}
