package telegrambot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// telegramHTML checks s the way the Bot API's HTML parse mode reads it
// (only its tags, balanced; only &lt; &gt; &amp; &quot; and numeric
// entities; no bare < > &) and returns the text a reader sees, tags removed
// and entities decoded.
func telegramHTML(s string) (string, error) {
	allowed := []string{"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span", "blockquote"}
	var plain strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("can't parse entities: unclosed start tag at byte offset %d", i)
			}
			tag := s[i+1 : i+j]
			i += j + 1
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("can't parse entities: unmatched end tag %q", name)
				}
				stack = stack[:len(stack)-1]
				continue
			}
			name, attrs, _ := strings.Cut(tag, " ")
			if !slices.Contains(allowed, name) {
				return "", fmt.Errorf("can't parse entities: unsupported start tag %q", name)
			}
			if name == "a" {
				href, ok := strings.CutPrefix(attrs, `href="`)
				if !ok || !strings.HasSuffix(href, `"`) || strings.Contains(strings.TrimSuffix(href, `"`), `"`) {
					return "", fmt.Errorf("can't parse entities: bad <a> attributes %q", attrs)
				}
				if _, err := telegramHTML(strings.TrimSuffix(href, `"`)); err != nil {
					return "", fmt.Errorf("href: %w", err)
				}
			} else if attrs != "" {
				return "", fmt.Errorf("can't parse entities: unexpected attributes on <%s>", name)
			}
			stack = append(stack, name)
		case '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return "", fmt.Errorf("can't parse entities: bare & at byte offset %d", i)
			}
			ent := s[i : i+j+1]
			switch ent {
			case "&lt;":
				plain.WriteByte('<')
			case "&gt;":
				plain.WriteByte('>')
			case "&amp;":
				plain.WriteByte('&')
			case "&quot;":
				plain.WriteByte('"')
			default:
				n, err := strconv.Atoi(strings.TrimPrefix(ent[1:len(ent)-1], "#"))
				if !strings.HasPrefix(ent, "&#") || err != nil {
					return "", fmt.Errorf("can't parse entities: unsupported entity %q", ent)
				}
				plain.WriteRune(rune(n))
			}
			i += j + 1
		case '>':
			return "", fmt.Errorf("can't parse entities: bare > at byte offset %d", i)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", errors.New("text must be encoded in UTF-8")
			}
			plain.WriteString(s[i : i+size])
			i += size
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't parse entities: unclosed tags %v", stack)
	}
	return plain.String(), nil
}

// call is one Bot API request the fake received.
type call struct {
	Method string
	Params url.Values
	At     time.Time
	Status int    // HTTP status the fake answered; 0 when it dropped the connection, -1 while pending, -2 when the client gave up
	Plain  string // sendMessage: the text as a reader sees it
}

// fakeTelegram is a local Bot API server: enough of getMe, getUpdates,
// sendMessage, setMyCommands, deleteWebhook, setWebhook, getChatMember and
// answerCallbackQuery to run the adapter, recording every call. Scripted
// faults (a 429, a 409, a dropped connection) replace a method's next
// answers.
type fakeTelegram struct {
	srv   *httptest.Server
	token string

	mu       sync.Mutex
	calls    []call
	updates  []map[string]any
	nextID   int
	nextMsg  int
	admins   map[int64]bool
	faults   map[string][]fault
	changed  chan struct{} // closed and replaced on every change
	username string
}

// fault answers one call instead of the fake's normal behaviour.
type fault func(w http.ResponseWriter) (status int)

func newFake(t *testing.T, token string) *fakeTelegram {
	t.Helper()
	f := &fakeTelegram{token: token, nextID: 1000, nextMsg: 500, admins: map[int64]bool{}, faults: map[string][]fault{},
		changed: make(chan struct{}), username: "ThisBot"}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// endpoint is the APIURL the adapter is given.
func (f *fakeTelegram) endpoint() string { return f.srv.URL + "/bot%s/%s" }

func (f *fakeTelegram) notify() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// fail queues faults for a method's next calls.
func (f *fakeTelegram) fail(method string, fs ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[method] = append(f.faults[method], fs...)
}

func apiErr(code int, desc string, params map[string]any) fault {
	return func(w http.ResponseWriter) int {
		body := map[string]any{"ok": false, "error_code": code, "description": desc}
		if params != nil {
			body["parameters"] = params
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_ = json.NewEncoder(w).Encode(body)
		return code
	}
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) int {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
	return 0
}

func (f *fakeTelegram) setAdmin(user int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.admins[user] = true
}

type chatSpec struct {
	ID     int64
	Type   string // private, group, supergroup
	Forum  bool
	Thread int64 // forum topic of the message, 0 for none
}

var (
	privateChat = chatSpec{ID: 7001, Type: "private"}
	group       = chatSpec{ID: -1002001, Type: "supergroup"}
	forumTopic  = chatSpec{ID: -1003001, Type: "supergroup", Forum: true, Thread: 77}
)

func (c chatSpec) message(msgID int, from int64, text string) map[string]any {
	chat := map[string]any{"id": c.ID, "type": c.Type}
	if c.Forum {
		chat["is_forum"] = true
	}
	m := map[string]any{
		"message_id": msgID, "date": 1741680000, "chat": chat, "text": text,
		"from": map[string]any{"id": from, "is_bot": false, "first_name": "U" + strconv.FormatInt(from, 10)},
	}
	if c.Thread != 0 {
		m["message_thread_id"] = c.Thread
		m["is_topic_message"] = true
	}
	return m
}

// say queues a text message from a user and returns its message ID.
func (f *fakeTelegram) say(c chatSpec, from int64, text string) int {
	return f.post(c, from, text, nil)
}

// sayAnonymously queues a message an administrator sent on behalf of the
// group: from is Telegram's GroupAnonymousBot, sender_chat the group.
func (f *fakeTelegram) sayAnonymously(c chatSpec, text string) int {
	return f.post(c, 1087968824, text, func(m map[string]any) {
		m["from"] = map[string]any{"id": 1087968824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"}
		m["sender_chat"] = m["chat"]
	})
}

// sayAsBot queues a message from another bot.
func (f *fakeTelegram) sayAsBot(c chatSpec, text string) int {
	return f.post(c, 4242, text, func(m map[string]any) {
		m["from"] = map[string]any{"id": 4242, "is_bot": true, "first_name": "Other", "username": "OtherBot"}
	})
}

func (f *fakeTelegram) post(c chatSpec, from int64, text string, edit func(map[string]any)) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextMsg++
	f.nextID++
	m := c.message(f.nextMsg, from, text)
	if edit != nil {
		edit(m)
	}
	f.updates = append(f.updates, map[string]any{"update_id": f.nextID, "message": m})
	f.notify()
	return f.nextMsg
}

// press queues a button press on a message the bot sent and returns the
// callback query ID.
func (f *fakeTelegram) press(c chatSpec, from int64, botMsgID int, data string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	id := fmt.Sprintf("cbq%d", f.nextID)
	msg := c.message(botMsgID, 0, "…")
	msg["from"] = map[string]any{"id": 42, "is_bot": true, "first_name": "Brief", "username": f.username}
	f.updates = append(f.updates, map[string]any{"update_id": f.nextID, "callback_query": map[string]any{
		"id": id, "chat_instance": "ci", "data": data, "message": msg,
		"from": map[string]any{"id": from, "is_bot": false, "first_name": "U"},
	}})
	f.notify()
	return id
}

// arrive records a call as it arrives, so the record is in request order
// even when a long poll answers late; finish records the answer.
func (f *fakeTelegram) arrive(c call) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.Status = -1
	f.calls = append(f.calls, c)
	f.notify()
	return len(f.calls) - 1
}

func (f *fakeTelegram) finish(i, status int, plain string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[i].Status, f.calls[i].Plain = status, plain
	f.notify()
}

// Calls returns the calls so far, optionally only those of some methods.
func (f *fakeTelegram) Calls(methods ...string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if len(methods) == 0 || slices.Contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// sent returns the sendMessage calls Telegram accepted.
func (f *fakeTelegram) sent() []call {
	var out []call
	for _, c := range f.Calls("sendMessage") {
		if c.Status == http.StatusOK {
			out = append(out, c)
		}
	}
	return out
}

// waitFor waits until cond holds over the recorded calls, failing the test
// after a generous deadline.
func (f *fakeTelegram) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second) // a hang guard, generous for loaded CI machines
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ch := f.changed
		f.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; calls so far:\n%s", what, f.transcript())
		}
	}
}

// waitSent waits for n accepted sendMessage calls in total and returns them.
func (f *fakeTelegram) waitSent(t *testing.T, n int) []call {
	t.Helper()
	f.waitFor(t, fmt.Sprintf("%d sent messages", n), func() bool { return len(f.sent()) >= n })
	return f.sent()
}

// waitUpdatesTaken waits until the adapter has confirmed every queued
// update (asked getUpdates for an offset beyond them).
func (f *fakeTelegram) waitUpdatesTaken(t *testing.T) {
	t.Helper()
	f.waitFor(t, "the updates to be confirmed", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.updates) == 0
	})
}

func (f *fakeTelegram) serve(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot"+f.token+"/")
	if !ok || r.Method != http.MethodPost {
		apiErr(http.StatusNotFound, "Not Found", nil)(w)
		return
	}
	_ = r.ParseForm()
	c := call{Method: rest, Params: r.PostForm, At: time.Now()}
	idx := f.arrive(c)
	f.mu.Lock()
	var flt fault
	if q := f.faults[c.Method]; len(q) > 0 {
		flt, f.faults[c.Method] = q[0], q[1:]
	}
	f.mu.Unlock()
	if flt != nil {
		f.finish(idx, flt(w), "")
		return
	}
	var result any = true
	switch c.Method {
	case "getMe":
		result = map[string]any{"id": 42, "is_bot": true, "first_name": "Brief", "username": f.username}
	case "getUpdates":
		result = f.getUpdates(r.Context(), c.Params)
	case "sendMessage":
		text := c.Params.Get("text")
		if c.Params.Get("parse_mode") == "HTML" {
			plain, err := telegramHTML(text)
			if err != nil {
				f.finish(idx, apiErr(http.StatusBadRequest, "Bad Request: "+err.Error(), nil)(w), "")
				return
			}
			text = plain
		}
		c.Plain = text
		if utf16Len(text) > MaxMessageLen {
			f.finish(idx, apiErr(http.StatusBadRequest, "Bad Request: message is too long", nil)(w), text)
			return
		}
		f.mu.Lock()
		f.nextMsg++
		id := f.nextMsg
		f.mu.Unlock()
		result = map[string]any{"message_id": id, "date": 1741680000, "text": text,
			"chat": map[string]any{"id": json.Number(c.Params.Get("chat_id"))}}
	case "getChatMember":
		user, _ := strconv.ParseInt(c.Params.Get("user_id"), 10, 64)
		f.mu.Lock()
		status := "member"
		if f.admins[user] {
			status = "administrator"
		}
		f.mu.Unlock()
		result = map[string]any{"status": status, "user": map[string]any{"id": user, "is_bot": false, "first_name": "U"}}
	case "setMyCommands", "deleteWebhook", "setWebhook", "answerCallbackQuery":
	default:
		f.finish(idx, apiErr(http.StatusNotFound, "Not Found: method not found", nil)(w), "")
		return
	}
	if r.Context().Err() != nil {
		f.finish(idx, -2, "") // the adapter gave up waiting (shutdown)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
	f.finish(idx, http.StatusOK, c.Plain)
}

// getUpdates answers like Telegram: updates from offset on (confirming
// those before it), waiting up to timeout seconds for one to arrive.
func (f *fakeTelegram) getUpdates(ctx context.Context, p url.Values) []map[string]any {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		if n := len(f.updates); offset > 0 {
			f.updates = slices.DeleteFunc(f.updates, func(u map[string]any) bool { return u["update_id"].(int) < offset })
			if len(f.updates) != n {
				f.notify()
			}
		}
		out := f.updates[:min(limit, len(f.updates))]
		out = slices.Clone(out)
		ch := f.changed
		f.mu.Unlock()
		if len(out) > 0 {
			return out
		}
		select {
		case <-ch:
		case <-deadline.C:
			return []map[string]any{}
		case <-ctx.Done():
			return nil
		}
	}
}

// transcript lists the recorded calls, one a line, with the parameters
// that matter and the token nowhere.
func (f *fakeTelegram) transcript() string {
	var b strings.Builder
	for _, c := range f.Calls() {
		status := fmt.Sprint(c.Status)
		switch c.Status {
		case -1:
			status = "(no answer yet)"
		case -2:
			status = "(long poll ended by the adapter's shutdown)"
		case 0:
			status = "(connection dropped)"
		}
		fmt.Fprintf(&b, "%s → %s", c.Method, status)
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range c.Params {
				if !yield(k) {
					return
				}
			}
		})
		for _, k := range keys {
			v := c.Params.Get(k)
			if k == "text" {
				v = fmt.Sprintf("%d chars: %.80q…", utf16Len(v), v)
			}
			fmt.Fprintf(&b, " %s=%s", k, v)
		}
		b.WriteString("\n")
	}
	return b.String()
}
