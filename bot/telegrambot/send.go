package telegrambot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"golang.org/x/time/rate"

	"briefbot/bot"
	"briefbot/brief"
)

// Send delivers d.Response to the chat (and forum topic) d.Channel names,
// rendered as Telegram HTML and split into as many messages as the
// 4,096-character limit needs, replying to the message the hint names when
// it is a message ID. It implements bot.Sender.
//
// Parts an earlier attempt delivered (d.Done) are skipped, and each part
// Telegram accepts is reported through d.Accepted, so a retry after a
// failure or a crash does not repeat them. Flood limits are waited out,
// not failed: every message waits for its chat's, its group's and the
// bot's limiter, and a 429 is waited for (parameters.retry_after) and the
// same part sent again. Only when the wait would outlive ctx does Send
// return a *brief.RetryAfterError. A refusal retrying cannot fix (403: bot
// blocked or removed; chat or topic gone) wraps brief.ErrUndeliverable.
//
// A delivery with ReplyTo (a story update) replies, every part of it, to
// the message whose message_id it names; the message_id Telegram gives
// the first part is reported through d.Posted, so later updates can
// reply to it.
func (a *Adapter) Send(ctx context.Context, d bot.Delivery) error {
	ch, hint := d.Channel, d.Hint
	chatID, err := strconv.ParseInt(ch.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("send to %s: chat ID is not a number: %w", ch, brief.ErrUndeliverable)
	}
	if ch.Thread != "" {
		if _, err := strconv.ParseInt(ch.Thread, 10, 64); err != nil {
			return fmt.Errorf("send to %s: thread is not a message_thread_id: %w", ch, brief.ErrUndeliverable)
		}
	}
	msgs := render(d.Response, a.opt.Now(), MaxMessageLen)
	for i := max(d.Done, 0); i < len(msgs); i++ {
		replyTo := ""
		switch {
		case isMessageID(d.ReplyTo):
			// A story update: every part replies to its alert.
			replyTo = d.ReplyTo
		case i == 0 && isMessageID(hint):
			replyTo = hint
		}
		id, err := a.sendPart(ctx, chatID, ch, replyTo, msgs[i])
		if err != nil {
			return err
		}
		if i == 0 && d.Posted != nil && id != "" {
			d.Posted(id)
		}
		if d.Accepted != nil {
			d.Accepted(i + 1)
		}
	}
	return nil
}

func isMessageID(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && n > 0
}

type inlineButton struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
}

// sendPart sends one message and returns the message_id Telegram gave it
// ("" when its answer did not say).
func (a *Adapter) sendPart(ctx context.Context, chatID int64, ch brief.ChannelRef, replyTo string, m message) (string, error) {
	params := tgbotapi.Params{
		"chat_id":                  ch.ID,
		"text":                     m.HTML,
		"parse_mode":               tgbotapi.ModeHTML,
		"disable_web_page_preview": "true",
	}
	if ch.Thread != "" {
		params["message_thread_id"] = ch.Thread
	}
	if replyTo != "" {
		params["reply_to_message_id"] = replyTo
		// The command may have been deleted meanwhile; answer anyway.
		params["allow_sending_without_reply"] = "true"
	}
	if len(m.Buttons) > 0 {
		row := make([]inlineButton, 0, len(m.Buttons))
		for _, b := range m.Buttons {
			if len(b.Command) > 64 { // callback_data is 1-64 bytes
				continue
			}
			row = append(row, inlineButton{Text: b.Label, CallbackData: b.Command})
		}
		kb, _ := json.Marshal(map[string][][]inlineButton{"inline_keyboard": {row}})
		params["reply_markup"] = string(kb)
	}
	plain := false
	for {
		if err := a.limits.wait(ctx, chatID); err != nil {
			return "", fmt.Errorf("send to %s: wait for flood limit: %w", ch, err)
		}
		res, err := a.api.raw(ctx, "sendMessage", params)
		if err == nil {
			return sentID(res), nil
		}
		ae, ok := errors.AsType[*APIError](err)
		switch {
		case !ok:
			return "", fmt.Errorf("send to %s: %w", ch, err)
		case ae.Code == http.StatusTooManyRequests:
			wait := max(ae.RetryAfter, time.Second)
			a.limits.pause(chatID, wait)
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				return "", &brief.RetryAfterError{Wait: wait, Err: fmt.Errorf("send to %s: %w", ch, err)}
			}
			a.log.Warn("Telegram flood control; waiting, then sending the same part again", "channel", ch.String(), "retry_in", wait)
			if !sleep(ctx, wait) {
				return "", &brief.RetryAfterError{Wait: wait, Err: fmt.Errorf("send to %s: %w", ch, err)}
			}
		case undeliverable(ae):
			return "", fmt.Errorf("send to %s: %w (%w)", ch, err, brief.ErrUndeliverable)
		case ae.Code == http.StatusBadRequest && ae.has("can't parse entities") && !plain:
			// Our HTML is wrong: a bug to fix, but the user still gets the text.
			a.log.Error("Telegram refused our HTML; sending this part as plain text", "channel", ch.String(), "error", err)
			params["text"] = plainText(m.HTML)
			delete(params, "parse_mode")
			plain = true
		case ae.Code == http.StatusBadRequest:
			// Any other 400 is about this message, and sending it again
			// cannot help; the chat's next messages must not wait for it.
			return "", fmt.Errorf("send to %s: %w (%w)", ch, err, brief.ErrRejected)
		default:
			return "", fmt.Errorf("send to %s: %w", ch, err)
		}
	}
}

// sentID reads message_id from sendMessage's result, a Message.
func sentID(res json.RawMessage) string {
	var m struct {
		MessageID int64 `json:"message_id"`
	}
	if json.Unmarshal(res, &m) != nil || m.MessageID <= 0 {
		return ""
	}
	return strconv.FormatInt(m.MessageID, 10)
}

// undeliverable reports refusals that retrying will not fix: the bot was
// blocked, kicked or never let in (403), the chat or forum topic is gone or
// closed, the bot may not write there, or a group became a supergroup
// (the chat has a new ID).
func undeliverable(e *APIError) bool {
	if e.Code == http.StatusForbidden || e.MigrateToChatID != 0 {
		return true
	}
	if e.Code != http.StatusBadRequest {
		return false
	}
	for _, s := range []string{"chat not found", "thread not found", "topic_closed", "topic_deleted",
		"not enough rights", "have no rights", "upgraded to a supergroup", "bot was kicked", "bot is not a member"} {
		if e.has(s) {
			return true
		}
	}
	return false
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// plainText is what an HTML part says, without markup.
func plainText(h string) string { return html.UnescapeString(tagRE.ReplaceAllString(h, "")) }

// limits are Telegram's broadcast limits (Bot FAQ, "My bot is hitting
// limits"): about one message per second in a chat, 20 per minute in a
// group, 30 per second overall. Each token bucket's burst plus its refill
// over the period stays within its limit.
type limits struct {
	chatEvery  time.Duration
	groupEvery time.Duration
	groupBurst int
	global     rate.Limit
	burst      int
}

var defaultLimits = limits{
	chatEvery:  time.Second,
	groupEvery: 4 * time.Second, // burst 5 + 15 refilled = 20 a minute
	groupBurst: 5,
	global:     25, // burst 5 + 25 refilled = 30 a second
	burst:      5,
}

type limiter struct {
	cfg    limits
	global *rate.Limiter
	mu     sync.Mutex
	chats  map[int64]*chatLimiter
}

type chatLimiter struct {
	chat, group *rate.Limiter // group is nil for private chats
	pausedUntil time.Time     // set by a 429
}

func newLimiter(cfg limits) *limiter {
	return &limiter{cfg: cfg, global: rate.NewLimiter(cfg.global, cfg.burst), chats: map[int64]*chatLimiter{}}
}

func (l *limiter) get(chatID int64) *chatLimiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.chats[chatID]; ok {
		return c
	}
	if len(l.chats) > 10000 {
		// Forget idle chats: a full bucket remembers nothing.
		now := time.Now()
		for id, c := range l.chats {
			if c.chat.TokensAt(now) >= 1 && (c.group == nil || c.group.TokensAt(now) >= float64(l.cfg.groupBurst)) && now.After(c.pausedUntil) {
				delete(l.chats, id)
			}
		}
	}
	c := &chatLimiter{chat: rate.NewLimiter(rate.Every(l.cfg.chatEvery), 1)}
	if chatID < 0 { // groups, supergroups and channels have negative IDs
		c.group = rate.NewLimiter(rate.Every(l.cfg.groupEvery), l.cfg.groupBurst)
	}
	l.chats[chatID] = c
	return c
}

// wait blocks until a message may be sent to the chat.
func (l *limiter) wait(ctx context.Context, chatID int64) error {
	c := l.get(chatID)
	l.mu.Lock()
	until := c.pausedUntil
	l.mu.Unlock()
	if d := time.Until(until); d > 0 && !sleep(ctx, d) {
		return ctx.Err()
	}
	if err := c.chat.Wait(ctx); err != nil {
		return err
	}
	if c.group != nil {
		if err := c.group.Wait(ctx); err != nil {
			return err
		}
	}
	return l.global.Wait(ctx)
}

// pause holds every send to the chat for d (Telegram's retry_after).
func (l *limiter) pause(chatID int64, d time.Duration) {
	c := l.get(chatID)
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := time.Now().Add(d); t.After(c.pausedUntil) {
		c.pausedUntil = t
	}
}
