package slackbot

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"briefbot/bot"
)

// maxBody bounds a request body; interaction payloads carry the whole
// message that held the button, so they are the largest.
const maxBody = 1 << 20

// maxSkew is how far a request's timestamp may be from our clock. Slack
// signs the timestamp, so an older request is a replay
// (https://docs.slack.dev/authentication/verifying-requests-from-slack).
const maxSkew = 5 * time.Minute

// Handler returns the HTTP-mode endpoints, to be mounted under /slack/ on
// the bot's HTTP server:
//
//	POST /slack/commands     slash commands (the /brief Request URL)
//	POST /slack/events       Events API: DMs and mentions; url_verification
//	POST /slack/interactive  button presses
//
// Every request must carry a valid X-Slack-Signature made with the signing
// secret over a timestamp no more than five minutes off; anything else,
// and any exact replay of a request already seen, gets 401 and no action.
// A request is acknowledged once it is recorded in the durable inbox
// (Options.Inbox), and served afterwards; a replay of a request already
// recorded, even from before a restart, is acknowledged and does nothing.
// Without a signing secret every endpoint answers 404.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /slack/commands", a.verified(a.handleCommand))
	mux.Handle("POST /slack/events", a.verified(a.handleEvent))
	mux.Handle("POST /slack/interactive", a.verified(a.handleInteractive))
	return mux
}

type bodyHandler func(w http.ResponseWriter, r *http.Request, body []byte)

// verified reads the body and lets the request through only when Slack
// signed it (v0 = HMAC-SHA256 of "v0:<timestamp>:<body>"). A request
// without the signature headers, or with a stale timestamp, is refused
// before its body is read, so an unsigned client cannot hold the
// connection by sending the body slowly.
func (a *Adapter) verified(next bodyHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.opt.SigningSecret == "" {
			http.Error(w, "Slack HTTP mode is not configured", http.StatusNotFound)
			return
		}
		if _, err := a.signedAt(r.Header); err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "error", err)
			w.Header().Set("Connection", "close")
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		if r.ContentLength > maxBody {
			w.Header().Set("Connection", "close")
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		if err := a.verify(r.Header, body); err != nil {
			a.log.Warn("slack request refused", "path", r.URL.Path, "error", err)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next(w, r, body)
	})
}

var (
	errNoSignature  = errors.New("missing signature or timestamp")
	errBadSignature = errors.New("signature does not match")
	errStale        = errors.New("timestamp more than 5 minutes off")
	errReplay       = errors.New("request replayed")
)

// signedAt checks what can be checked before the body is read: both
// signature headers are there and the timestamp is fresh. It returns the
// signing time.
func (a *Adapter) signedAt(h http.Header) (time.Time, error) {
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if ts == "" || sig == "" {
		return time.Time{}, errNoSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, errNoSignature
	}
	at := time.Unix(sec, 0)
	if d := a.opt.Now().Sub(at); d > maxSkew || d < -maxSkew {
		return time.Time{}, errStale
	}
	return at, nil
}

func (a *Adapter) verify(h http.Header, body []byte) error {
	at, err := a.signedAt(h)
	if err != nil {
		return err
	}
	ts, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	got, err := hex.DecodeString(hexSig)
	if !ok || err != nil {
		return errBadSignature
	}
	mac := hmac.New(sha256.New, []byte(a.opt.SigningSecret))
	mac.Write([]byte("v0:" + ts + ":"))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), got) {
		return errBadSignature
	}
	// The MAC itself, not its spelling: hex decodes either case, so the
	// header string of a replay can differ from the original's.
	if !a.replays.first(string(got), at, a.opt.Now()) {
		return errReplay
	}
	return nil
}

func (a *Adapter) handleCommand(w http.ResponseWriter, r *http.Request, _ []byte) {
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	req, ok := a.fromSlashCommand(cmd)
	if !ok {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	a.accept(w, r, req)
}

func (a *Adapter) handleEvent(w http.ResponseWriter, r *http.Request, body []byte) {
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if outer.Type == slackevents.URLVerification {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": outer.Challenge})
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// An event type we do not handle: acknowledge it, or Slack
		// retries and eventually turns the subscription off.
		a.log.Debug("slack event ignored", "error", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	req, ok := a.fromEvent(ev)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	a.accept(w, r, req)
}

func (a *Adapter) handleInteractive(w http.ResponseWriter, r *http.Request, _ []byte) {
	cb, err := slack.InteractionCallbackParse(r)
	if err != nil {
		http.Error(w, "bad interaction payload", http.StatusBadRequest)
		return
	}
	req, ok := a.fromInteraction(cb)
	if !ok {
		w.WriteHeader(http.StatusOK)
		return
	}
	a.accept(w, r, req)
}

// accept records a request durably, acknowledges it with 200 and serves
// it afterwards. A request recorded before (a redelivery, or a replay
// after a restart) is acknowledged and not served again. When it cannot
// be recorded the answer is 503, which Slack shows as a failure
// (commands) or retries later (events): nothing was acknowledged, so
// nothing is lost silently.
func (a *Adapter) accept(w http.ResponseWriter, r *http.Request, req bot.Request) {
	fresh, err := a.take(r.Context(), req)
	if err != nil {
		a.log.Error("slack request not recorded; refusing it", "request", req.ID, "channel", req.Channel.String(), "error", err)
		http.Error(w, "cannot take requests now, try again", http.StatusServiceUnavailable)
		return
	}
	if !fresh {
		a.log.Info("slack request seen before; acknowledged, not served again", "request", req.ID, "channel", req.Channel.String())
		w.WriteHeader(http.StatusOK)
		return
	}
	a.log.Debug("slack request", "request", req.ID, "channel", req.Channel.String())
	w.WriteHeader(http.StatusOK)
	// When every slot is busy, or the adapter is stopping, the request
	// stays recorded and the intake serves it once its lease ends.
	if !a.begin(r.Context(), req, false) {
		a.log.Warn("slack request recorded while busy; it is served shortly", "request", req.ID)
	}
}

// replayCache remembers the MACs of requests seen within the timestamp
// window, so an exact replay is refused even while its
// timestamp is still fresh. Only correctly signed requests enter it.
type replayCache struct {
	mu   sync.Mutex
	seen map[string]time.Time
}

func newReplayCache() *replayCache { return &replayCache{seen: map[string]time.Time{}} }

// first records a MAC, signed at at, and reports whether it is new.
func (c *replayCache) first(sig string, at, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.seen[sig]; dup {
		return false
	}
	if len(c.seen) >= 1024 {
		for s, t := range c.seen {
			if now.Sub(t) > maxSkew {
				delete(c.seen, s)
			}
		}
	}
	c.seen[sig] = at
	return true
}
