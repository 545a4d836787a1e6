package slackbot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"briefbot/bot"
	"briefbot/brief"
)

// Options configures an Adapter. The tokens and the signing secret are
// plain strings that the adapter never logs or puts into an error.
type Options struct {
	// BotToken (xoxb-...) posts messages; it is always required.
	BotToken string
	// AppToken (xapp-..., scope connections:write) selects Socket Mode.
	AppToken string
	// SigningSecret verifies HTTP-mode requests; required without AppToken.
	SigningSecret string
	// APIURL is the Web API base URL; "" means Slack's own. Tests and
	// staging point it at another server (for example srv.URL+"/api/").
	APIURL string
	// Logger receives the adapter's and slack-go's log lines (default: discard).
	Logger *slog.Logger
	// PerChannel is the least time between two posts to one channel
	// (default 1s, Slack's chat.postMessage guidance).
	PerChannel time.Duration
	// Now returns the current time (default time.Now). It dates HTTP-mode
	// signatures and decides whether a mute shown is still in force.
	Now func() time.Time
	// Inbox durably records each request before it is acknowledged, so an
	// acknowledged request survives a crash and a replay is served once;
	// nil keeps the record in memory only. Production passes the store.
	Inbox bot.Inbox
	// Intake tunes how long a taken request may wait before another
	// server serves it (see bot.IntakeOptions); Now and Logger default to
	// the adapter's.
	Intake bot.IntakeOptions
}

// Modes an Adapter runs in.
const (
	ModeSocket = "socket" // Socket Mode: an outbound websocket, no public URL
	ModeHTTP   = "http"   // Slack posts to Handler's endpoints
)

// maxInFlight bounds the requests being served at once.
const maxInFlight = 32

// takeTimeout bounds recording a request before it is acknowledged: Slack
// waits 3 seconds for the acknowledgement, then shows the user an error
// (commands) or redelivers (events and Socket Mode envelopes).
const takeTimeout = 2 * time.Second

// api is the part of the Slack Web API the adapter uses; *slack.Client
// satisfies it.
type api interface {
	AuthTestContext(ctx context.Context) (*slack.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slack.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
}

// identity is who the bot is in the workspace, learnt from auth.test.
type identity struct {
	UserID string // the bot user ("U..."), as mentions and messages name it
}

// Adapter connects the bot core to one Slack workspace. It is safe for
// concurrent use.
type Adapter struct {
	intake *bot.Intake
	opt    Options
	log    *slog.Logger
	client *slack.Client
	api    api
	hc     *http.Client
	// hookHost is the API server's host, also accepted for response_url
	// (tests and staging); Slack's own response URLs are on hooks.slack.com.
	hookHost string
	secrets  *strings.Replacer

	self    atomic.Pointer[identity]
	limit   *limiter
	replays *replayCache
	// down is true while Socket Mode is not connected (before the first
	// connect, and from a connection error to the next), for Connected.
	down atomic.Bool

	mu       sync.Mutex
	stopping bool
	work     sync.WaitGroup // goroutines serving acknowledged requests
	slots    chan struct{}
}

// New builds an Adapter that hands requests to srv. It does no I/O; it
// checks that the options name a mode: a bot token plus either an app
// token (Socket Mode) or a signing secret (HTTP mode).
func New(srv bot.Server, opt Options) (*Adapter, error) {
	var errs []error
	if srv == nil {
		errs = append(errs, errors.New("no bot server"))
	}
	if opt.BotToken == "" {
		errs = append(errs, errors.New("bot token is empty: set BRIEFBOT_SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-...)"))
	} else if !strings.HasPrefix(opt.BotToken, "xoxb-") {
		errs = append(errs, errors.New("bot token does not start with xoxb-: use the Bot User OAuth Token from OAuth & Permissions"))
	}
	switch {
	case opt.AppToken != "" && !strings.HasPrefix(opt.AppToken, "xapp-"):
		errs = append(errs, errors.New("app token does not start with xapp-: use an app-level token with the connections:write scope"))
	case opt.AppToken == "" && opt.SigningSecret == "":
		errs = append(errs, errors.New("neither an app token (Socket Mode) nor a signing secret (HTTP mode) is set: set BRIEFBOT_SLACK_APP_TOKEN or BRIEFBOT_SLACK_SIGNING_SECRET"))
	}
	apiURL := slack.APIURL
	if opt.APIURL != "" {
		apiURL = opt.APIURL
		if !strings.HasSuffix(apiURL, "/") {
			apiURL += "/"
		}
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("API URL %q: want an absolute http(s) URL such as https://slack.com/api/", opt.APIURL))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("slack options: %w", errors.Join(errs...))
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.PerChannel <= 0 {
		opt.PerChannel = time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Intake.Now == nil {
		opt.Intake.Now = opt.Now
	}
	if opt.Intake.Logger == nil {
		opt.Intake.Logger = opt.Logger
	}
	a := &Adapter{
		intake:   bot.NewIntake(srv, opt.Inbox, brief.PlatformSlack, opt.Intake),
		opt:      opt,
		log:      opt.Logger.With("component", "slack", "platform", brief.PlatformSlack),
		hc:       &http.Client{Timeout: 30 * time.Second},
		hookHost: u.Host,
		limit:    newLimiter(opt.PerChannel),
		replays:  newReplayCache(),
		slots:    make(chan struct{}, maxInFlight),
	}
	var pairs []string
	for _, s := range []string{opt.BotToken, opt.AppToken, opt.SigningSecret} {
		if s != "" {
			pairs = append(pairs, s, "[redacted]")
		}
	}
	a.secrets = strings.NewReplacer(pairs...)
	opts := []slack.Option{
		slack.OptionAPIURL(apiURL),
		slack.OptionHTTPClient(a.hc),
		slack.OptionLog(slog.NewLogLogger(a.log.With("library", "slack-go").Handler(), slog.LevelDebug)),
	}
	if opt.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(opt.AppToken))
	}
	a.client = slack.New(opt.BotToken, opts...)
	a.api = a.client
	return a, nil
}

// Mode reports how the adapter receives requests: ModeSocket when an app
// token is set, else ModeHTTP.
func (a *Adapter) Mode() string {
	if a.opt.AppToken != "" {
		return ModeSocket
	}
	return ModeHTTP
}

// Run connects to Slack until ctx ends. It always calls auth.test first,
// to learn the bot's own user ID (so it ignores its own messages and
// strips its mention from commands); an invalid token is an error, a
// network failure is retried. In Socket Mode it then holds the websocket
// open, reconnecting as Slack asks; in HTTP mode requests arrive through
// Handler and Run only waits. Meanwhile it serves requests that were
// acknowledged but not answered before a crash or a restart. Run returns
// nil after a clean cancellation, once every request it acknowledged has
// been handed to the bot.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain()
	if err := a.authenticate(ctx); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return nil
	}
	rctx, stop := context.WithCancel(ctx)
	recovered := make(chan error, 1)
	a.work.Go(func() { recovered <- a.intake.Run(rctx) })
	var err error
	if a.Mode() == ModeSocket {
		err = a.runSocket(rctx, recovered)
	} else {
		a.log.Info("slack listening in HTTP mode", "endpoints", "/slack/commands /slack/events /slack/interactive")
		select {
		case <-ctx.Done():
		case err = <-recovered:
		}
	}
	stop()
	return err
}

// authenticate calls auth.test until it answers, and remembers who we are.
func (a *Adapter) authenticate(ctx context.Context) error {
	wait := time.Second
	for {
		res, err := a.api.AuthTestContext(ctx)
		if err == nil {
			a.self.Store(&identity{UserID: res.UserID})
			a.log.Info("slack authenticated", "bot_user", res.UserID, "team", res.Team, "mode", a.Mode())
			return nil
		}
		if ctx.Err() != nil {
			return nil
		}
		if authRefused(err) {
			return fmt.Errorf("slack auth.test: %w (check BRIEFBOT_SLACK_BOT_TOKEN)", a.redact(err))
		}
		a.log.Warn("slack auth.test failed; retrying", "error", a.redact(err), "retry_in", wait)
		if !sleep(ctx, wait) {
			return nil
		}
		wait = min(2*wait, time.Minute)
	}
}

// authRefused reports whether Slack rejected the token itself, which no
// retry heals.
func authRefused(err error) bool {
	if se, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		switch se.Err {
		case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type":
			return true
		}
	}
	sc, ok := errors.AsType[slack.StatusCodeError](err)
	return ok && (sc.Code == http.StatusUnauthorized || sc.Code == http.StatusForbidden)
}

// whoami returns the bot's identity, or the zero identity before
// auth.test has answered.
func (a *Adapter) whoami() identity {
	if id := a.self.Load(); id != nil {
		return *id
	}
	return identity{}
}

// take durably records req before it is acknowledged and reports whether
// it is new. It has takeTimeout, whether or not shutdown has begun: a
// request Slack already delivered is recorded, or refused, but never
// dropped halfway.
func (a *Adapter) take(ctx context.Context, req bot.Request) (bool, error) {
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), takeTimeout)
	defer cancel()
	return a.intake.Take(tctx, req)
}

// begin reserves a slot and starts serving req, which take recorded, in a
// goroutine the adapter owns. It returns false, starting nothing, when
// the adapter is stopping or, with wait false, when every slot is busy;
// the request then stays recorded, and the intake serves it later.
func (a *Adapter) begin(ctx context.Context, req bot.Request, wait bool) bool {
	select {
	case a.slots <- struct{}{}:
	default:
		if !wait {
			return false
		}
		select {
		case a.slots <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		<-a.slots
		return false
	}
	// The request was acknowledged: finish handing it to the bot even
	// when shutdown starts meanwhile, within the intake's lease.
	sctx := context.WithoutCancel(ctx)
	a.work.Go(func() {
		defer func() { <-a.slots }()
		if err := a.intake.Serve(sctx, req); err != nil {
			a.log.Error("slack request not served yet; it is retried", "request", req.ID, "channel", req.Channel.String(), "error", a.redact(err))
		}
	})
	return true
}

// drain stops taking requests and waits for those being served.
func (a *Adapter) drain() {
	a.mu.Lock()
	a.stopping = true
	a.mu.Unlock()
	a.work.Wait()
}

// redact returns err with every token and the signing secret replaced,
// keeping it unwrappable for errors.Is and errors.As.
func (a *Adapter) redact(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := a.secrets.Replace(msg); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// sleep waits for d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
