package telegrambot

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"briefbot/bot"
)

// Modes of receiving updates.
const (
	ModePoll    = "poll"    // long polling with getUpdates (default)
	ModeWebhook = "webhook" // Telegram POSTs updates to WebhookPath
)

// WebhookPath is where Handler receives updates in webhook mode.
const WebhookPath = "/telegram/webhook"

// DefaultAPIURL is the Bot API endpoint format: token, then method.
const DefaultAPIURL = tgbotapi.APIEndpoint

// allowedUpdates are the update types the adapter asks for.
var allowedUpdates = []string{"message", "callback_query"}

// Options configures an Adapter. Zero values take the defaults noted.
type Options struct {
	// Token is the bot token from @BotFather. It is never logged, and
	// every error and log line leaving the package has it replaced.
	Token string
	// Mode is ModePoll (default) or ModeWebhook.
	Mode string
	// WebhookURL is the public https URL given to setWebhook, ending in
	// WebhookPath on the bot's HTTP server (webhook mode).
	WebhookURL string
	// WebhookSecret is the secret_token Telegram sends back with every
	// webhook call (webhook mode): 1–256 characters of A–Z, a–z, 0–9, _ and -.
	WebhookSecret string
	// APIURL points the client at another Bot API server: either a base
	// URL ("http://localhost:8081", to which "/bot%s/%s" is added) or a
	// full endpoint format with the token and method as %s. Empty means
	// Telegram's.
	APIURL string
	// AdminsOnly lets only a group's administrators (creator or
	// administrator per getChatMember) change its subscriptions, mutes and
	// digest time. Anyone may ask for a briefing. Private chats are always
	// managed by their user.
	AdminsOnly bool
	// Logger receives the adapter's and the library's log lines, with the
	// token scrubbed. Nil discards them.
	Logger *slog.Logger
	// HTTPClient makes the Bot API calls. The default's timeout exceeds
	// the long-poll timeout by 15 seconds; a client given here must too.
	HTTPClient *http.Client
	// PollTimeout is the getUpdates long-poll timeout (default 50s,
	// rounded to whole seconds, at least 1s).
	PollTimeout time.Duration
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// Inbox durably records each update's request before it is served,
	// keyed on the update ID, so an update Telegram delivers again after
	// it was served does nothing, and one whose serving a crash cut off is
	// served by the next process; nil keeps the record in memory only.
	// Production passes the store.
	Inbox bot.Inbox
	// Intake tunes how long a taken request may wait before another
	// server serves it (see bot.IntakeOptions).
	Intake bot.IntakeOptions
}

// Adapter connects the bot core to Telegram: updates in (long polling or
// webhook), rendered HTML out. It implements bot.Sender. It is safe for
// concurrent use.
type Adapter struct {
	intake *bot.Intake
	opt    Options
	api    *client
	scrub  *scrubber
	log    *slog.Logger
	limits *limiter
	admins adminCache
	// secretSum is the SHA-256 of the webhook secret, compared in constant time.
	secretSum [32]byte
	// me is the bot's own user, known once Run has called getMe.
	me atomic.Pointer[tgUser]
	// minBackoff is the first wait after a failed poll (1s); tests shorten it.
	minBackoff time.Duration
}

// New builds an adapter serving srv. It does no I/O: Run connects.
func New(srv bot.Server, opt Options) (*Adapter, error) {
	if srv == nil {
		return nil, errors.New("telegram: no bot server")
	}
	if opt.Token == "" {
		return nil, errors.New("telegram: no token (set BRIEFBOT_TELEGRAM_TOKEN)")
	}
	sc := newScrubber(opt.Token)
	switch opt.Mode {
	case "":
		opt.Mode = ModePoll
	case ModePoll, ModeWebhook:
	default:
		return nil, fmt.Errorf("telegram mode %q: want %s or %s", opt.Mode, ModePoll, ModeWebhook)
	}
	if opt.Mode == ModeWebhook {
		if err := checkWebhook(opt.WebhookURL, opt.WebhookSecret); err != nil {
			return nil, fmt.Errorf("telegram webhook: %w", sc.Err(err))
		}
	}
	endpoint, err := apiEndpoint(opt.APIURL)
	if err != nil {
		return nil, err
	}
	if opt.PollTimeout <= 0 {
		opt.PollTimeout = 50 * time.Second
	}
	opt.PollTimeout = max(opt.PollTimeout.Round(time.Second), time.Second)
	if opt.HTTPClient == nil {
		opt.HTTPClient = &http.Client{Timeout: opt.PollTimeout + 15*time.Second}
	} else if t := opt.HTTPClient.Timeout; t != 0 && t <= opt.PollTimeout {
		return nil, fmt.Errorf("telegram: the HTTP client's timeout (%s) must exceed the long-poll timeout (%s)", t, opt.PollTimeout)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	base := slog.DiscardHandler
	if opt.Logger != nil {
		base = opt.Logger.Handler()
	}
	installLibLogger(base, opt.Token)
	log := slog.New(scrubHandler{next: base, scrub: sc}).With("component", "telegram")
	if opt.Intake.Now == nil {
		opt.Intake.Now = opt.Now
	}
	if opt.Intake.Logger == nil {
		opt.Intake.Logger = log
	}
	a := &Adapter{
		intake:     bot.NewIntake(srv, opt.Inbox, platform, opt.Intake),
		opt:        opt,
		api:        newClient(opt.Token, endpoint, opt.HTTPClient, sc),
		scrub:      sc,
		log:        log,
		limits:     newLimiter(defaultLimits),
		minBackoff: time.Second,
	}
	a.admins.entries = map[adminKey]adminEntry{}
	a.secretSum = sha256.Sum256([]byte(opt.WebhookSecret))
	return a, nil
}

func apiEndpoint(s string) (string, error) {
	if s == "" {
		return DefaultAPIURL, nil
	}
	if !strings.Contains(s, "%s") {
		s = strings.TrimRight(s, "/") + "/bot%s/%s"
	}
	if strings.Count(s, "%s") != 2 || strings.Count(s, "%") != 2 {
		return "", fmt.Errorf("telegram API URL %q: want a base URL or a format with two %%s (token, method)", s)
	}
	u, err := url.Parse(strings.ReplaceAll(s, "%s", "x"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("telegram API URL %q: want an http(s) URL", s)
	}
	return s, nil
}

func checkWebhook(rawURL, secret string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return errors.New("BRIEFBOT_TELEGRAM_WEBHOOK_URL must be the public https URL of " + WebhookPath)
	}
	if len(secret) < 1 || len(secret) > 256 {
		return errors.New("BRIEFBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters")
	}
	for _, r := range secret {
		if !(r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return errors.New("BRIEFBOT_TELEGRAM_WEBHOOK_SECRET may use only A-Z, a-z, 0-9, _ and -")
		}
	}
	return nil
}

// Run connects to Telegram (getMe), registers the command menu
// (setMyCommands), then receives updates until ctx ends: in poll mode it
// removes any webhook and long-polls getUpdates; in webhook mode it calls
// setWebhook and waits while Handler receives updates. It returns nil after
// a clean cancellation and an error when Telegram rejects the token or the
// webhook, which a human must fix. Transient failures are retried with
// backoff. Meanwhile it serves requests taken and left unserved by a
// process that crashed.
func (a *Adapter) Run(ctx context.Context) error {
	me, err := a.connect(ctx)
	if err != nil || me == nil {
		return err
	}
	rctx, stop := context.WithCancel(ctx)
	var recovery sync.WaitGroup
	defer func() {
		stop()
		recovery.Wait()
	}()
	recovery.Go(func() {
		if err := a.intake.Run(rctx); err != nil {
			a.log.Error("requests left unserved by a crash are not served until restart", "error", err)
		}
	})
	a.me.Store(me)
	a.log.Info("connected to Telegram", "bot", "@"+me.Username, "mode", a.opt.Mode)
	if err := a.setCommands(ctx); err != nil && ctx.Err() == nil {
		a.log.Warn("could not register the command menu; commands still work when typed", "error", err)
	}
	if a.opt.Mode == ModeWebhook {
		return a.runWebhook(ctx)
	}
	if _, err := a.api.request(ctx, "deleteWebhook", tgbotapi.DeleteWebhookConfig{}); err != nil && ctx.Err() == nil {
		a.log.Warn("could not remove a webhook before polling", "error", err)
	}
	return a.poll(ctx)
}

// connect calls getMe until it succeeds, ctx ends (nil, nil), or Telegram
// rejects the token.
func (a *Adapter) connect(ctx context.Context) (*tgUser, error) {
	for fails := 0; ; fails++ {
		raw, err := a.api.raw(ctx, "getMe", nil)
		if err == nil {
			var me tgUser
			if err := json.Unmarshal(raw, &me); err != nil || me.Username == "" {
				return nil, fmt.Errorf("telegram getMe: unexpected answer: %v", err)
			}
			return &me, nil
		}
		if ctx.Err() != nil {
			return nil, nil
		}
		if ae, ok := errors.AsType[*APIError](err); ok && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusNotFound) {
			return nil, fmt.Errorf("telegram rejected the bot token (check BRIEFBOT_TELEGRAM_TOKEN): %w", err)
		}
		wait := a.backoff(fails)
		a.log.Warn("cannot reach Telegram; retrying", "error", err, "retry_in", wait)
		if !sleep(ctx, wait) {
			return nil, nil
		}
	}
}

// commands is the command menu registered with setMyCommands.
func commands() []tgbotapi.BotCommand {
	var out []tgbotapi.BotCommand
	for _, n := range bot.Names {
		u := bot.Usage(platform, n)
		desc := u.Summary
		if args := strings.TrimSpace(strings.TrimPrefix(u.Usage, bot.Spell(platform, n, ""))); args != "" {
			desc = args + " — " + desc
		}
		out = append(out, tgbotapi.BotCommand{Command: string(n), Description: clipRunes(desc, 256)})
	}
	return out
}

func (a *Adapter) setCommands(ctx context.Context) error {
	_, err := a.api.request(ctx, "setMyCommands", tgbotapi.NewSetMyCommands(commands()...))
	return err
}

func (a *Adapter) runWebhook(ctx context.Context) error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{
		"url":             a.opt.WebhookURL,
		"secret_token":    a.opt.WebhookSecret,
		"allowed_updates": string(allowed),
	}
	for fails := 0; ; fails++ {
		_, err := a.api.raw(ctx, "setWebhook", params)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		if ae, ok := errors.AsType[*APIError](err); ok && ae.Code != http.StatusTooManyRequests && ae.Code < 500 {
			return fmt.Errorf("telegram refused the webhook (check BRIEFBOT_TELEGRAM_WEBHOOK_URL and _SECRET): %w", err)
		}
		wait := a.backoff(fails)
		a.log.Warn("cannot set the webhook; retrying", "error", err, "retry_in", wait)
		if !sleep(ctx, wait) {
			return nil
		}
	}
	// The URL is not logged: webhook URLs may carry secrets of their own.
	a.log.Info("webhook set; receiving updates at " + WebhookPath)
	<-ctx.Done()
	return nil
}

// poll long-polls getUpdates until ctx ends. An update's offset is
// confirmed (by asking for the next offset) only after the core has
// queued its answer, so a crash redelivers it and its stable request ID
// has it answered once.
func (a *Adapter) poll(ctx context.Context) error {
	var offset, asked int
	defer func() {
		if offset > asked {
			// Confirm what was handled, so a restart does not fetch it again.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_, _ = a.api.request(cctx, "getUpdates", tgbotapi.UpdateConfig{Offset: offset, Limit: 1, AllowedUpdates: allowedUpdates})
		}
	}()
	fails, serveFails := 0, 0
	for {
		raw, err := a.api.request(ctx, "getUpdates", tgbotapi.UpdateConfig{
			Offset: offset, Timeout: int(a.opt.PollTimeout / time.Second), AllowedUpdates: allowedUpdates,
		})
		if ctx.Err() != nil {
			return nil
		}
		var ups []update
		if err == nil {
			asked = offset
			if err = json.Unmarshal(raw, &ups); err != nil {
				err = fmt.Errorf("telegram getUpdates: decode: %w", err)
			}
		}
		if err != nil {
			wait := a.pollFailure(err, fails)
			fails++
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		fails = 0
		for _, u := range ups {
			if u.UpdateID < offset {
				continue
			}
			if err := a.handleUpdate(ctx, u); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				// The answer was not queued: leave the offset so the
				// update comes again.
				wait := a.backoff(serveFails)
				serveFails++
				a.log.Warn("could not take an update; will retry", "update_id", u.UpdateID, "error", err, "retry_in", wait)
				if !sleep(ctx, wait) {
					return nil
				}
				break
			}
			offset, serveFails = u.UpdateID+1, 0
		}
	}
}

// pollFailure logs a failed getUpdates and says how long to wait.
func (a *Adapter) pollFailure(err error, fails int) time.Duration {
	wait := a.backoff(fails)
	ae, _ := errors.AsType[*APIError](err)
	switch {
	case ae != nil && ae.Code == http.StatusConflict && ae.has("webhook"):
		a.log.Error("getUpdates conflict: a webhook is set for this token, so polling cannot work; "+
			"another instance may be running in webhook mode (use one mode only)", "error", err, "retry_in", wait)
	case ae != nil && ae.Code == http.StatusConflict:
		a.log.Error("getUpdates conflict: another instance is polling with this token; "+
			"only one process may poll a bot (stop the other one, or use webhook mode)", "error", err, "retry_in", wait)
	case ae != nil && ae.Code == http.StatusTooManyRequests && ae.RetryAfter > 0:
		wait = ae.RetryAfter
		a.log.Warn("getUpdates flood control; waiting", "error", err, "retry_in", wait)
	case ae != nil && (ae.Code == http.StatusUnauthorized || ae.Code == http.StatusNotFound):
		a.log.Error("Telegram rejected the bot token (check BRIEFBOT_TELEGRAM_TOKEN)", "error", err, "retry_in", wait)
	default:
		a.log.Warn("getUpdates failed; retrying", "error", err, "retry_in", wait)
	}
	return wait
}

// backoff is exponential from minBackoff, capped at 30s, with jitter.
func (a *Adapter) backoff(fails int) time.Duration {
	w := a.minBackoff << min(fails, 10)
	if w <= 0 || w > 30*time.Second {
		w = 30 * time.Second
	}
	return w/2 + time.Duration(rand.Int64N(int64(w/2)+1))
}

// sleep waits for d or until ctx ends; false means ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// Handler receives webhook calls at WebhookPath (mount it there on the
// bot's HTTP server). Only POSTs carrying the right
// X-Telegram-Bot-Api-Secret-Token are accepted (401 otherwise, compared in
// constant time). It answers 200 once the update's request is recorded
// and, normally, its answer queued, and 5xx when the request could not be
// recorded, so Telegram delivers the update again. In poll mode it
// answers 404.
func (a *Adapter) Handler() http.Handler {
	return http.HandlerFunc(a.serveWebhook)
}

func (a *Adapter) serveWebhook(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != WebhookPath || a.opt.Mode != ModeWebhook {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := sha256.Sum256([]byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token")))
	if subtle.ConstantTimeCompare(got[:], a.secretSum[:]) != 1 {
		a.log.Warn("webhook call without the right secret token; refused")
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if a.me.Load() == nil {
		// Not connected yet: we cannot tell our commands from other bots'.
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	var u update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&u); err != nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if err := a.handleUpdate(r.Context(), u); err != nil {
		a.log.Warn("could not take a webhook update; Telegram will deliver it again", "update_id", u.UpdateID, "error", err)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
