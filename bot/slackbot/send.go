package slackbot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/brief"
)

// Send delivers r to a Slack channel (or thread): rendered as Block Kit,
// split into as many messages as Slack's limits need, posted in order and
// paced per channel. It implements bot.Sender.
//
// A private response goes only to the person who asked: through the
// request's response_url as an ephemeral message, else chat.postEphemeral
// (in a DM it is simply posted). Everything else is posted with
// chat.postMessage; a slash command answer in a channel the bot is not a
// member of goes through the response_url instead.
//
// On HTTP 429 Send waits Retry-After and retries the same message, so
// parts already delivered are not repeated; it returns a
// *brief.RetryAfterError only when the wait would outlive ctx. Parts an
// earlier attempt delivered (d.Done) are skipped, and each part Slack
// accepts is reported through d.Accepted, so a retry after a failure or a
// crash does not repeat them. Refusals that will not
// heal (channel_not_found, is_archived, not_in_channel, account_inactive,
// invalid_auth, token_revoked, HTTP 403) wrap brief.ErrUndeliverable.
//
// A delivery with ReplyTo (a story update) is posted in the thread of the
// message whose ts it names, unless the channel is a thread already; the
// ts Slack gives the first part is reported through d.Posted, so later
// updates can reply to it.
func (a *Adapter) Send(ctx context.Context, d bot.Delivery) error {
	ch, r := d.Channel, d.Response
	if ch.Platform != brief.PlatformSlack || ch.ID == "" {
		return fmt.Errorf("send to %s: %w: not a Slack channel", ch, brief.ErrUndeliverable)
	}
	msgs := render(r, a.opt.Now())
	h := parseHint(d.Hint)
	t := a.target(ch, h, r.Private)
	if t.thread == "" && d.ReplyTo != "" {
		// A story update goes in its alert's thread; a channel that is
		// itself a thread has it there already (Slack threads do not nest).
		t.thread = d.ReplyTo
	}
	for i := max(d.Done, 0); i < len(msgs); i++ {
		ts, err := a.sendPart(ctx, ch, &h, &t, msgs[i])
		if err != nil {
			return a.redact(fmt.Errorf("send to %s (message %d of %d): %w", ch, i+1, len(msgs), err))
		}
		if i == 0 && d.Posted != nil && ts != "" {
			d.Posted(ts)
		}
		if d.Accepted != nil {
			d.Accepted(i + 1)
		}
	}
	return nil
}

// via is the way a message reaches Slack.
type via int

const (
	viaPost        via = iota // chat.postMessage
	viaEphemeral              // chat.postEphemeral
	viaResponseURL            // the request's response_url
)

type target struct {
	via via
	// private keeps the message to the person who asked.
	private bool
	// thread is the ts of the thread to post in, "" for the channel.
	thread string
}

func (a *Adapter) target(ch brief.ChannelRef, h hint, private bool) target {
	t := target{via: viaPost, private: private, thread: ch.Thread}
	if private && !strings.HasPrefix(ch.ID, "D") { // a DM with the bot is private already
		switch {
		case h.ResponseURL != "":
			t.via = viaResponseURL
		case h.User != "":
			t.via = viaEphemeral
		}
	}
	return t
}

// sendPart delivers one message, waiting out rate limits and switching to
// another way of delivery when the first cannot work. It returns the ts
// Slack gave the message, "" when the way it went gives none.
func (a *Adapter) sendPart(ctx context.Context, ch brief.ChannelRef, h *hint, t *target, m message) (string, error) {
	for {
		if err := a.limit.wait(ctx, ch.ID); err != nil {
			return "", err
		}
		ts, err := a.post(ctx, ch, *h, *t, m)
		// Slack counts the post from when it took it, which may be well
		// after the slot was booked: the next post waits a full gap from
		// here, so our own pacing never draws a 429.
		a.limit.posted(ch.ID)
		if err == nil {
			return ts, nil
		}
		rl, limited := errors.AsType[*slack.RateLimitedError](err)
		switch {
		case limited:
			wait := rl.RetryAfter
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				return "", &brief.RetryAfterError{Wait: wait, Err: err}
			}
			a.log.Warn("slack rate limit; waiting", "channel", ch.String(), "retry_in", wait)
			a.limit.hold(ch.ID, wait)
			continue
		case t.via == viaPost && h.ResponseURL != "" && notMember(err):
			// A slash command in a channel the bot was not invited to
			// (or a DM between people): its response_url still answers there.
			t.via = viaResponseURL
			continue
		case t.via == viaResponseURL && hookGone(err):
			// The response_url expired (30 minutes) or was used up (5 times).
			h.ResponseURL = ""
			t.via = viaPost
			if t.private && h.User != "" {
				t.via = viaEphemeral
			}
			continue
		case blocksRefused(err) && len(m.Blocks) > 0:
			a.log.Warn("slack refused a message's blocks; sending its text alone", "channel", ch.String(), "error", a.redact(err))
			m = message{Text: blocksText(m), UnfurlLinks: m.UnfurlLinks, UnfurlMedia: m.UnfurlMedia}
			continue
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", classify(err)
	}
}

// post sends one message the way t says and returns its ts when Slack
// gives one (chat.postMessage does).
func (a *Adapter) post(ctx context.Context, ch brief.ChannelRef, h hint, t target, m message) (string, error) {
	switch t.via {
	case viaResponseURL:
		return "", a.postResponseURL(ctx, h.ResponseURL, !t.private, t.thread, m)
	case viaEphemeral:
		_, err := a.api.PostEphemeralContext(ctx, ch.ID, h.User, msgOptions(m, t.thread)...)
		return "", err
	}
	_, ts, err := a.api.PostMessageContext(ctx, ch.ID, msgOptions(m, t.thread)...)
	return ts, err
}

func msgOptions(m message, thread string) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if !m.UnfurlLinks {
		opts = append(opts, slack.MsgOptionDisableLinkUnfurl())
	}
	if !m.UnfurlMedia {
		opts = append(opts, slack.MsgOptionDisableMediaUnfurl())
	}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	if thread != "" {
		opts = append(opts, slack.MsgOptionTS(thread))
	}
	return opts
}

// postResponseURL answers through a response_url. Its errors never quote
// the URL, which is a credential for the conversation.
func (a *Adapter) postResponseURL(ctx context.Context, u string, inChannel bool, thread string, m message) error {
	msg := slack.WebhookMessage{Text: m.Text, ResponseType: slack.ResponseTypeEphemeral, ThreadTimestamp: thread,
		UnfurlLinks: &m.UnfurlLinks, UnfurlMedia: &m.UnfurlMedia}
	if inChannel {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if len(m.Blocks) > 0 {
		msg.Blocks = &slack.Blocks{BlockSet: m.Blocks}
	}
	body, err := json.Marshal(msg)
	if err != nil {
		return fmt.Errorf("encode response: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return errors.New("post to response_url: invalid URL")
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := a.hc.Do(req)
	if err != nil {
		if ue, ok := errors.AsType[*url.Error](err); ok {
			err = ue.Err // its message quotes the URL
		}
		return fmt.Errorf("post to response_url: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode == http.StatusTooManyRequests {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return &slack.RateLimitedError{RetryAfter: time.Duration(max(secs, 1)) * time.Second}
	}
	code := strings.TrimSpace(string(data))
	var res struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(data, &res) == nil {
		code = res.Error
		if res.OK {
			code = "ok"
		}
	}
	if resp.StatusCode != http.StatusOK || (code != "" && code != "ok") {
		return &hookError{Status: resp.StatusCode, Code: clip(code, 64)}
	}
	return nil
}

// hookError is a response_url's refusal.
type hookError struct {
	Status int
	Code   string
}

func (e *hookError) Error() string {
	return fmt.Sprintf("response_url refused: HTTP %d %s", e.Status, e.Code)
}

func hookGone(err error) bool {
	he, ok := errors.AsType[*hookError](err)
	if !ok {
		return false
	}
	switch he.Code {
	case "expired_url", "used_url", "no_active_hooks", "invalid_token":
		return true
	}
	return he.Status == http.StatusNotFound || he.Status == http.StatusGone || he.Status == http.StatusForbidden
}

// slackCode is the Web API error code ("channel_not_found"), or "".
func slackCode(err error) string {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return se.Err
	}
	if he, ok := errors.AsType[*hookError](err); ok {
		return he.Code
	}
	return ""
}

// notMember reports whether the bot may not post to the channel because
// it is not in it (a private channel looks missing to non-members).
func notMember(err error) bool {
	switch slackCode(err) {
	case "not_in_channel", "channel_not_found":
		return true
	}
	return false
}

func blocksRefused(err error) bool {
	switch slackCode(err) {
	case "invalid_blocks", "invalid_blocks_format":
		return true
	}
	return false
}

// permanent lists the Web API errors that retrying will not heal
// (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
var permanent = map[string]bool{
	"channel_not_found": true, "is_archived": true, "not_in_channel": true, "account_inactive": true,
	"invalid_auth": true, "token_revoked": true, "token_expired": true, "not_authed": true,
	"user_not_in_channel": true, "restricted_action": true, "team_access_not_granted": true,
	"ekm_access_denied": true, "messages_tab_disabled": true, "cannot_dm_bot": true,
}

// classify marks refusals that will not heal as brief.ErrUndeliverable.
func classify(err error) error {
	if permanent[slackCode(err)] {
		return fmt.Errorf("%w: %w", brief.ErrUndeliverable, err)
	}
	if sc, ok := errors.AsType[slack.StatusCodeError](err); ok && sc.Code == http.StatusForbidden {
		return fmt.Errorf("%w: %w", brief.ErrUndeliverable, err)
	}
	if he, ok := errors.AsType[*hookError](err); ok && he.Status == http.StatusForbidden {
		return fmt.Errorf("%w: %w", brief.ErrUndeliverable, err)
	}
	return err
}

// blocksText flattens a message's blocks into mrkdwn text, for when Slack
// refuses the blocks themselves.
func blocksText(m message) string {
	var lines []string
	for _, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			lines = append(lines, "*"+b.Text.Text+"*")
		case *slack.SectionBlock:
			if b.Text != nil {
				lines = append(lines, b.Text.Text)
			}
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					lines = append(lines, t.Text)
				}
			}
		}
	}
	text := strings.Join(lines, "\n")
	if textLen(text) > maxMessageChars-1000 {
		text = clipMarkup(text, maxMessageChars-1000)
	}
	return text
}

// limiter spaces posts to each channel at least gap apart; Slack allows
// about one message per second per channel.
type limiter struct {
	gap  time.Duration
	mu   sync.Mutex
	next map[string]time.Time
}

func newLimiter(gap time.Duration) *limiter {
	return &limiter{gap: gap, next: map[string]time.Time{}}
}

// wait blocks until the channel may receive a post and books the slot.
func (l *limiter) wait(ctx context.Context, key string) error {
	l.mu.Lock()
	now := time.Now()
	at := l.next[key]
	if at.Before(now) {
		at = now
	}
	l.next[key] = at.Add(l.gap)
	if len(l.next) > 4096 {
		for k, t := range l.next {
			if t.Before(now) {
				delete(l.next, k)
			}
		}
	}
	l.mu.Unlock()
	if !sleep(ctx, time.Until(at)) {
		return ctx.Err()
	}
	return nil
}

// posted books the channel's next slot a gap after now, when a post has
// just been answered.
func (l *limiter) posted(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := time.Now().Add(l.gap); t.After(l.next[key]) {
		l.next[key] = t
	}
}

// ready is when the channel may next receive a post.
func (l *limiter) ready(key string) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.next[key]
}

// Ready tells when ch may next receive a message, so the dispatcher holds
// a message for a channel still in its gap without taking a worker. It
// implements bot.Pacer.
func (a *Adapter) Ready(ch brief.ChannelRef) time.Time {
	return a.limit.ready(ch.ID)
}

// hold keeps the channel closed for d, as a Retry-After asks.
func (l *limiter) hold(key string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t := time.Now().Add(d); t.After(l.next[key]) {
		l.next[key] = t
	}
}
