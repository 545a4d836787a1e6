package slackbot

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Credentials the fake Slack accepts. They look like real ones so the
// adapter's checks pass, and tests search logs and errors for them.
const (
	testBotToken = "xoxb-1111-2222-testbottoken"
	testAppToken = "xapp-1-A1-3333-testapptoken"
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	botUserID    = "UBOT"
	botID        = "BBOT"
)

// call is one request the fake Slack received, or one websocket frame.
type call struct {
	Method string         // "chat.postMessage", "response_url", "ws:ack", ...
	Form   url.Values     // form-encoded Web API parameters
	Body   map[string]any // JSON bodies (response_url, acks)
	Status int            // the HTTP status the fake answered
	Error  string         // the Slack error code the fake answered, if any
	At     time.Time
}

// reply is a scripted answer to the next call of a method.
type reply struct {
	Status     int
	RetryAfter string
	Error      string
}

// fakeSlack is a local Slack: the Web API methods the adapter calls, a
// Socket Mode websocket that says hello and then sends envelopes, and
// response_url endpoints. It records every call.
type fakeSlack struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	calls    []call
	script   map[string][]reply
	members  map[string]bool // channels the bot may not post to when false
	ts       int
	authFail string

	envelopes chan []byte
	done      chan struct{}
}

func newFakeSlack(t *testing.T) *fakeSlack {
	t.Helper()
	f := &fakeSlack{t: t, script: map[string][]reply{}, members: map[string]bool{},
		envelopes: make(chan []byte, 64), done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/{method}", f.api)
	mux.HandleFunc("POST /hooks/{id}", f.hook)
	mux.HandleFunc("GET /ws", f.websocket)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(f.done)
		f.srv.Close()
	})
	return f
}

func (f *fakeSlack) URL() string    { return f.srv.URL }
func (f *fakeSlack) APIURL() string { return f.srv.URL + "/api/" }

// hookURL is a response_url for one request.
func (f *fakeSlack) hookURL(id string) string { return f.srv.URL + "/hooks/" + id }

// enqueue scripts the next answers to a method.
func (f *fakeSlack) enqueue(method string, r ...reply) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[method] = append(f.script[method], r...)
}

// failAuth makes auth.test answer with a Slack error code.
func (f *fakeSlack) failAuth(code string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.authFail = code
}

// notMember makes the bot a non-member of a channel.
func (f *fakeSlack) notMember(channel string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members[channel] = false
}

func (f *fakeSlack) record(c call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.At = time.Now()
	f.calls = append(f.calls, c)
}

// Calls returns the recorded calls of the given methods (all when none).
func (f *fakeSlack) Calls(methods ...string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Delivered returns the accepted posts: chat.postMessage,
// chat.postEphemeral and response_url calls that succeeded.
func (f *fakeSlack) Delivered() []call {
	var out []call
	for _, c := range f.Calls("chat.postMessage", "chat.postEphemeral", "response_url") {
		if c.Status == http.StatusOK && c.Error == "" {
			out = append(out, c)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (f *fakeSlack) api(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	c := call{Method: method, Form: form, Status: http.StatusOK}
	token := form.Get("token")
	if auth := r.Header.Get("Authorization"); auth != "" {
		token = strings.TrimPrefix(auth, "Bearer ")
	}
	f.mu.Lock()
	var scripted *reply
	if q := f.script[method]; len(q) > 0 {
		scripted, f.script[method] = &q[0], q[1:]
	}
	member, known := f.members[form.Get("channel")]
	f.ts++
	ts := fmt.Sprintf("1764244800.%06d", f.ts)
	authFail := f.authFail
	f.mu.Unlock()

	answer := map[string]any{"ok": true}
	wantToken := testBotToken
	if method == "apps.connections.open" {
		wantToken = testAppToken
	}
	switch {
	case token != wantToken:
		c.Error = "invalid_auth"
	case method == "auth.test" && authFail != "":
		c.Error = authFail
	case scripted != nil && scripted.Status != 0 && scripted.Status != http.StatusOK:
		c.Status = scripted.Status
		if scripted.RetryAfter != "" {
			w.Header().Set("Retry-After", scripted.RetryAfter)
		}
		f.record(c)
		http.Error(w, http.StatusText(scripted.Status), scripted.Status)
		return
	case scripted != nil && scripted.Error != "":
		c.Error = scripted.Error
	case (method == "chat.postMessage" || method == "chat.postEphemeral") && known && !member:
		c.Error = "not_in_channel"
	}
	if c.Error != "" {
		answer = map[string]any{"ok": false, "error": c.Error}
	} else {
		switch method {
		case "auth.test":
			answer = map[string]any{"ok": true, "url": "https://briefbot-test.slack.com/", "team": "Briefbot Test",
				"user": "briefbot", "team_id": "T1", "user_id": botUserID, "bot_id": botID}
		case "apps.connections.open":
			answer = map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"}
		case "chat.postMessage":
			answer = map[string]any{"ok": true, "channel": form.Get("channel"), "ts": ts}
		case "chat.postEphemeral":
			answer = map[string]any{"ok": true, "message_ts": ts}
		}
	}
	f.record(c)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(answer)
}

func (f *fakeSlack) hook(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	_ = json.NewDecoder(r.Body).Decode(&body)
	c := call{Method: "response_url", Body: body, Status: http.StatusOK, Form: url.Values{"hook": {r.PathValue("id")}}}
	f.mu.Lock()
	var scripted *reply
	if q := f.script["response_url"]; len(q) > 0 {
		scripted, f.script["response_url"] = &q[0], q[1:]
	}
	f.mu.Unlock()
	if scripted != nil {
		c.Status, c.Error = scripted.Status, scripted.Error
		f.record(c)
		if scripted.RetryAfter != "" {
			w.Header().Set("Retry-After", scripted.RetryAfter)
		}
		w.WriteHeader(scripted.Status)
		_, _ = io.WriteString(w, scripted.Error)
		return
	}
	f.record(c)
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"ok":true}`)
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// websocket speaks Socket Mode: hello, then every queued envelope; it
// records each acknowledgement and pings now and then, as Slack does.
func (f *fakeSlack) websocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	f.record(call{Method: "ws:connect", Status: http.StatusSwitchingProtocols})
	hello := `{"type":"hello","num_connections":1,"debug_info":{"host":"fake"},"connection_info":{"app_id":"A1"}}`
	f.record(call{Method: "ws:hello", Status: http.StatusOK})
	if err := conn.WriteMessage(websocket.TextMessage, []byte(hello)); err != nil {
		return
	}
	closed := make(chan struct{})
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() {
		defer close(closed)
		for {
			_, data, err := conn.ReadMessage()
			if err != nil {
				return
			}
			var ack map[string]any
			_ = json.Unmarshal(data, &ack)
			f.record(call{Method: "ws:ack", Body: ack, Status: http.StatusOK})
		}
	})
	ping := time.NewTicker(time.Second)
	defer ping.Stop()
	for {
		select {
		case <-f.done:
			return
		case <-closed:
			return
		case <-ping.C:
			if conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)) != nil {
				return
			}
		case env := <-f.envelopes:
			var e struct {
				Type       string `json:"type"`
				EnvelopeID string `json:"envelope_id"`
			}
			_ = json.Unmarshal(env, &e)
			// Recorded before writing: the client may acknowledge before
			// WriteMessage returns.
			f.record(call{Method: "ws:" + e.Type, Body: map[string]any{"envelope_id": e.EnvelopeID}, Status: http.StatusOK})
			if conn.WriteMessage(websocket.TextMessage, env) != nil {
				return
			}
		}
	}
}

// send queues a Socket Mode envelope of the given type.
func (f *fakeSlack) send(envelopeID, typ string, payload any) {
	b, err := json.Marshal(map[string]any{"envelope_id": envelopeID, "type": typ, "payload": payload, "accepts_response_payload": typ != "events_api"})
	if err != nil {
		f.t.Fatal(err)
	}
	f.envelopes <- b
}

// acked reports whether an envelope was acknowledged.
func (f *fakeSlack) acked(envelopeID string) bool {
	for _, c := range f.Calls("ws:ack") {
		if c.Body["envelope_id"] == envelopeID {
			return true
		}
	}
	return false
}

// waitFor polls cond until it holds, failing the test after 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
