package telegrambot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// sdk is the part of telegram-bot-api the adapter calls: library configs
// for the methods the library knows (Bot API 5.5), the raw call for the
// parameters it lacks (message_thread_id, secret_token).
type sdk interface {
	Request(c tgbotapi.Chattable) (*tgbotapi.APIResponse, error)
	MakeRequest(endpoint string, params tgbotapi.Params) (*tgbotapi.APIResponse, error)
}

// client calls the Bot API through the library with a context, and turns
// every failure into a token-free error.
type client struct {
	bot   *tgbotapi.BotAPI // never mutated after newClient
	http  *http.Client
	scrub *scrubber
}

func newClient(token, endpoint string, hc *http.Client, sc *scrubber) *client {
	// Built by hand rather than with NewBotAPIWithClient, which calls
	// getMe: New does no I/O. Run calls getMe itself.
	b := &tgbotapi.BotAPI{Token: token, Buffer: 100}
	b.SetAPIEndpoint(endpoint)
	return &client{bot: b, http: hc, scrub: sc}
}

// bind returns the library client with every request tied to ctx. The
// library has no context support, so each call gets its own shallow copy of
// the BotAPI whose HTTP client adds ctx to the request: a long poll then
// ends at once on shutdown, and a send honours its deadline.
func (c *client) bind(ctx context.Context) sdk {
	b := *c.bot
	b.Client = ctxDoer{ctx: ctx, hc: c.http}
	return &b
}

type ctxDoer struct {
	ctx context.Context
	hc  *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	return d.hc.Do(req.WithContext(d.ctx))
}

// request calls a method the library models.
func (c *client) request(ctx context.Context, method string, cfg tgbotapi.Chattable) (json.RawMessage, error) {
	resp, err := c.bind(ctx).Request(cfg)
	return c.result(method, resp, err)
}

// raw calls a method with parameters the library does not model.
func (c *client) raw(ctx context.Context, method string, params tgbotapi.Params) (json.RawMessage, error) {
	resp, err := c.bind(ctx).MakeRequest(method, params)
	return c.result(method, resp, err)
}

func (c *client) result(method string, resp *tgbotapi.APIResponse, err error) (json.RawMessage, error) {
	if err == nil {
		return resp.Result, nil
	}
	if te, ok := errors.AsType[*tgbotapi.Error](err); ok {
		e := &APIError{Method: method, Code: te.Code, Description: c.scrub.String(te.Message), MigrateToChatID: te.MigrateToChatID}
		if te.RetryAfter > 0 {
			e.RetryAfter = time.Duration(te.RetryAfter) * time.Second
		}
		if e.Code == 0 && resp != nil {
			e.Code = resp.ErrorCode
		}
		return nil, e
	}
	return nil, fmt.Errorf("telegram %s: %w", method, c.scrub.Err(err))
}

// APIError is a refusal from the Bot API: the method, its error_code and
// description, and the parameters that say what to do about it.
type APIError struct {
	Method      string
	Code        int
	Description string
	// RetryAfter is parameters.retry_after: flood control asks to wait.
	RetryAfter time.Duration
	// MigrateToChatID is parameters.migrate_to_chat_id: the group became
	// a supergroup with this ID.
	MigrateToChatID int64
}

func (e *APIError) Error() string {
	return fmt.Sprintf("telegram %s: %d %s", e.Method, e.Code, e.Description)
}

// has reports whether the description contains s, case-insensitively.
// Telegram's descriptions are the only detail it gives for a 400, so
// classifying them is matching on its text; we keep that to this package.
func (e *APIError) has(s string) bool {
	return strings.Contains(strings.ToLower(e.Description), strings.ToLower(s))
}

// scrubber removes the bot token from text. The library's transport
// errors quote the request URL, and that URL contains the token.
type scrubber struct {
	forms []string
}

const redacted = "[redacted]"

func newScrubber(token string) *scrubber {
	s := &scrubber{}
	if token == "" {
		return s
	}
	for _, f := range []string{token, url.PathEscape(token), url.QueryEscape(token)} {
		if !slices.Contains(s.forms, f) {
			s.forms = append(s.forms, f)
		}
	}
	// Longest first, so an escaped form is replaced whole.
	slices.SortFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
	return s
}

// String returns s with every form of the token replaced.
func (s *scrubber) String(v string) string {
	for _, f := range s.forms {
		v = strings.ReplaceAll(v, f, redacted)
	}
	return v
}

func (s *scrubber) contains(v string) bool {
	for _, f := range s.forms {
		if strings.Contains(v, f) {
			return true
		}
	}
	return false
}

// Err returns err unchanged when its text holds no token, else an error
// with the token replaced. The replacement keeps what callers branch on
// (context cancellation, deadlines, network timeouts) but not the
// original chain, whose text still holds the token.
func (s *scrubber) Err(err error) error {
	if err == nil || !s.contains(err.Error()) {
		return err
	}
	r := &scrubbedError{msg: s.String(err.Error())}
	switch {
	case errors.Is(err, context.Canceled):
		r.cause = context.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		r.cause = context.DeadlineExceeded
	}
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		r.timeout = true
	}
	return r
}

type scrubbedError struct {
	msg     string
	cause   error
	timeout bool
}

func (e *scrubbedError) Error() string   { return e.msg }
func (e *scrubbedError) Unwrap() error   { return e.cause }
func (e *scrubbedError) Timeout() bool   { return e.timeout }
func (e *scrubbedError) Temporary() bool { return e.timeout }

// scrubHandler is a slog.Handler that removes the token from the message
// and every attribute before passing a record on.
type scrubHandler struct {
	next  slog.Handler
	scrub *scrubber
}

func (h scrubHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h scrubHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.scrub.String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h scrubHandler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = h.attr(a)
	}
	return scrubHandler{next: h.next.WithAttrs(clean), scrub: h.scrub}
}

func (h scrubHandler) WithGroup(name string) slog.Handler {
	return scrubHandler{next: h.next.WithGroup(name), scrub: h.scrub}
}

func (h scrubHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.scrub.String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, ga := range g {
			clean[i] = h.attr(ga)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		var s string
		if err, ok := v.Any().(error); ok {
			s = err.Error()
		} else {
			s = fmt.Sprint(v.Any())
		}
		if h.scrub.contains(s) {
			return slog.String(a.Key, h.scrub.String(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// The library logs through one package-level logger. It is installed once
// and forwards to the handler of the most recently built adapter, scrubbing
// the tokens of every adapter built, so no adapter's token leaks through
// another's handler. The adapter never turns on the library's Debug mode
// and never uses its update channel, its only other log lines.
var libLog struct {
	once    sync.Once
	mu      sync.Mutex
	next    slog.Handler
	scrub   *scrubber
	printer *log.Logger
}

func installLibLogger(h slog.Handler, token string) {
	libLog.mu.Lock()
	libLog.next = h
	if libLog.scrub == nil {
		libLog.scrub = &scrubber{}
	}
	for _, f := range newScrubber(token).forms {
		if !slices.Contains(libLog.scrub.forms, f) {
			libLog.scrub.forms = append(libLog.scrub.forms, f)
		}
	}
	slices.SortFunc(libLog.scrub.forms, func(a, b string) int { return len(b) - len(a) })
	libLog.mu.Unlock()
	libLog.once.Do(func() {
		libLog.printer = slog.NewLogLogger(libHandler{}, slog.LevelWarn)
		_ = tgbotapi.SetLogger(libLog.printer)
	})
}

// libHandler forwards the library's log lines as described at libLog.
type libHandler struct{}

func (libHandler) current() (slog.Handler, *scrubber) {
	libLog.mu.Lock()
	defer libLog.mu.Unlock()
	return libLog.next, &scrubber{forms: slices.Clone(libLog.scrub.forms)}
}

func (h libHandler) Enabled(ctx context.Context, l slog.Level) bool {
	next, _ := h.current()
	return next != nil && next.Enabled(ctx, l)
}

func (h libHandler) Handle(ctx context.Context, r slog.Record) error {
	next, sc := h.current()
	if next == nil {
		return nil
	}
	r.AddAttrs(slog.String("component", "telegram-bot-api"))
	return scrubHandler{next: next, scrub: sc}.Handle(ctx, r)
}

// WithAttrs and WithGroup are never called: slog.NewLogLogger only
// handles records.
func (h libHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h libHandler) WithGroup(string) slog.Handler      { return h }
