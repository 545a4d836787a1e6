package telegrambot

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"briefbot/bot"
	"briefbot/brief"
)

// The update types are our own: the library's (Bot API 5.5) lack
// message_thread_id and is_topic_message, which forum topics need. Only
// the fields the adapter reads are declared.

type update struct {
	UpdateID      int         `json:"update_id"`
	Message       *tgMessage  `json:"message,omitempty"`
	CallbackQuery *tgCallback `json:"callback_query,omitempty"`
}

type tgMessage struct {
	MessageID       int64   `json:"message_id"`
	MessageThreadID int64   `json:"message_thread_id,omitempty"`
	IsTopicMessage  bool    `json:"is_topic_message,omitempty"`
	From            *tgUser `json:"from,omitempty"`
	SenderChat      *tgChat `json:"sender_chat,omitempty"`
	Chat            tgChat  `json:"chat"`
	Text            string  `json:"text,omitempty"`
}

type tgUser struct {
	ID       int64  `json:"id"`
	IsBot    bool   `json:"is_bot,omitempty"`
	Username string `json:"username,omitempty"`
}

type tgChat struct {
	ID      int64  `json:"id"`
	Type    string `json:"type"` // private, group, supergroup, channel
	IsForum bool   `json:"is_forum,omitempty"`
}

type tgCallback struct {
	ID      string     `json:"id"`
	From    tgUser     `json:"from"`
	Message *tgMessage `json:"message,omitempty"`
	Data    string     `json:"data,omitempty"`
}

// handleUpdate turns a command message or a button press into a Request
// and serves it. It returns an error only when the core could not queue
// the answer; updates that are not for us are dropped quietly.
func (a *Adapter) handleUpdate(ctx context.Context, u update) error {
	switch {
	case u.Message != nil:
		return a.handleMessage(ctx, u.UpdateID, u.Message)
	case u.CallbackQuery != nil:
		return a.handleCallback(ctx, u.CallbackQuery)
	}
	return nil
}

func (a *Adapter) handleMessage(ctx context.Context, updateID int, m *tgMessage) error {
	username := ""
	if me := a.me.Load(); me != nil {
		username = me.Username
	}
	anonymousAdmin := m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID
	if m.From == nil && !anonymousAdmin {
		return nil
	}
	if m.From != nil && m.From.IsBot && !anonymousAdmin {
		return nil // our own messages and other bots'
	}
	text, ok := addressed(strings.TrimSpace(m.Text), m.Chat.Type == "private", username)
	if !ok {
		return nil
	}
	req := bot.Request{
		ID:      "tg:" + strconv.Itoa(updateID),
		Channel: channelOf(m),
		Text:    text,
		// Reply to the command, so in a busy group the answer is tied to it.
		Hint: strconv.FormatInt(m.MessageID, 10),
	}
	var from int64
	if m.From != nil && !anonymousAdmin {
		from = m.From.ID
		req.User = strconv.FormatInt(from, 10)
	} else {
		req.User = "chat:" + strconv.FormatInt(m.Chat.ID, 10)
	}
	req.CanManage = a.canManage(ctx, m.Chat, from, anonymousAdmin, text)
	a.log.Debug("command", "channel", req.Channel.String(), "update_id", updateID)
	return a.serve(ctx, req)
}

// serve records req durably, keyed on its update, and serves it once. An
// update seen before (Telegram delivering it again because our answer to
// the webhook call, or the offset confirming it, was lost) is not served
// again; if a crash cut its serving off, the intake serves it. An error
// means the request was not recorded, and the update must be delivered
// again.
func (a *Adapter) serve(ctx context.Context, req bot.Request) error {
	fresh, err := a.intake.Take(ctx, req)
	if err != nil {
		return err
	}
	if !fresh {
		a.log.Info("update seen before; not served again", "request", req.ID, "channel", req.Channel.String())
		return nil
	}
	if err := a.intake.Serve(ctx, req); err != nil {
		// Recorded: the intake serves it once this attempt's lease ends.
		a.log.Warn("could not serve an update yet; it is retried", "request", req.ID, "channel", req.Channel.String(), "error", err)
	}
	return nil
}

func (a *Adapter) handleCallback(ctx context.Context, cq *tgCallback) error {
	if cq.Message == nil || cq.Data == "" {
		// A button on an inline-mode message has no chat to answer in.
		a.answerCallback(ctx, cq.ID)
		return nil
	}
	req := bot.Request{
		ID:      "tg:cb:" + cq.ID,
		Channel: channelOf(cq.Message),
		User:    strconv.FormatInt(cq.From.ID, 10),
		Text:    cq.Data,
	}
	req.CanManage = a.canManage(ctx, cq.Message.Chat, cq.From.ID, false, cq.Data)
	if err := a.serve(ctx, req); err != nil {
		return err
	}
	// Stop the button's spinner; the answer itself comes as a message.
	a.answerCallback(ctx, cq.ID)
	return nil
}

func (a *Adapter) answerCallback(ctx context.Context, id string) {
	if _, err := a.api.request(ctx, "answerCallbackQuery", tgbotapi.NewCallback(id, "")); err != nil {
		// A redelivered press is too old to answer; nothing is lost.
		a.log.Debug("answerCallbackQuery", "error", err)
	}
}

func channelOf(m *tgMessage) brief.ChannelRef {
	ch := brief.ChannelRef{Platform: platform, ID: strconv.FormatInt(m.Chat.ID, 10)}
	// In a forum, answers go to the topic the command came from. Outside
	// forums message_thread_id marks reply threads, which cannot be
	// posted to, so it is ignored.
	if m.IsTopicMessage && m.MessageThreadID != 0 {
		ch.Thread = strconv.FormatInt(m.MessageThreadID, 10)
	}
	return ch
}

// addressed decides whether a message is a command for this bot, and
// returns its text with "@ThisBot" removed. A command addressed to another
// bot ("/brief@OtherBot") is not for us; neither is a bare command we do
// not know in a group (it may be another bot's), nor, in groups, any text
// that is not a command. In a private chat everything is for us: text
// without a slash still reaches the core, which answers with help.
func addressed(text string, private bool, username string) (string, bool) {
	if text == "" {
		return "", false
	}
	if !strings.HasPrefix(text, "/") {
		if !private {
			return "", false
		}
		return text, true
	}
	first, rest := text, ""
	if i := strings.IndexFunc(text, unicode.IsSpace); i >= 0 {
		first, rest = text[:i], text[i:]
	}
	name, to, hasTo := strings.Cut(first[1:], "@")
	if hasTo && (username == "" || !strings.EqualFold(to, username)) {
		return "", false
	}
	name = strings.ToLower(name)
	if !hasTo && !private && !slices.Contains(bot.ReservedWords(), name) {
		return "", false
	}
	if name == "start" {
		// Deep links send "/start <payload>"; the payload means nothing here.
		return "/start", true
	}
	return "/" + name + rest, true
}

// manageCommands are the commands the core refuses without CanManage; for
// other commands the adapter spares the getChatMember call.
var manageCommands = []bot.Name{bot.CmdSubscribe, bot.CmdUnsubscribe, bot.CmdMute, bot.CmdDigest}

// canManage says whether the sender may change the chat's subscriptions:
// always in a private chat, in groups only administrators when AdminsOnly.
// Messages sent anonymously on behalf of the group come from its admins.
func (a *Adapter) canManage(ctx context.Context, c tgChat, userID int64, anonymousAdmin bool, text string) bool {
	if c.Type == "private" || !a.opt.AdminsOnly || anonymousAdmin {
		return true
	}
	cmd, err := bot.ParseCommand(text)
	if err != nil || !slices.Contains(manageCommands, cmd.Name) || userID == 0 {
		return false
	}
	return a.isAdmin(ctx, c.ID, userID)
}

// adminTTL is how long a getChatMember answer is trusted.
const adminTTL = time.Minute

type adminKey struct{ chat, user int64 }

type adminEntry struct {
	admin   bool
	expires time.Time
}

type adminCache struct {
	mu      sync.Mutex
	entries map[adminKey]adminEntry
}

func (a *Adapter) isAdmin(ctx context.Context, chatID, userID int64) bool {
	k := adminKey{chatID, userID}
	now := a.opt.Now()
	a.admins.mu.Lock()
	e, ok := a.admins.entries[k]
	a.admins.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.admin
	}
	raw, err := a.api.request(ctx, "getChatMember", tgbotapi.GetChatMemberConfig{
		ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: chatID, UserID: userID},
	})
	var member struct {
		Status string `json:"status"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &member)
	}
	if err != nil {
		// Refusing is the safe side; the user can try again.
		a.log.Warn("could not check whether a user is a chat administrator; treating them as not",
			"channel", brief.ChannelRef{Platform: platform, ID: strconv.FormatInt(chatID, 10)}.String(), "error", err)
		return false
	}
	admin := member.Status == "creator" || member.Status == "administrator"
	a.admins.mu.Lock()
	defer a.admins.mu.Unlock()
	if len(a.admins.entries) > 10000 {
		for k, e := range a.admins.entries {
			if !now.Before(e.expires) {
				delete(a.admins.entries, k)
			}
		}
	}
	a.admins.entries[k] = adminEntry{admin: admin, expires: now.Add(adminTTL)}
	return admin
}
