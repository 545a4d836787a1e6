package slackbot

import (
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"briefbot/bot"
	"briefbot/brief"
)

// hint is what Send needs to answer a request privately, carried through
// the outbox as Request.Hint.
type hint struct {
	// User is who asked; chat.postEphemeral shows a private answer to them.
	User string `json:"user,omitempty"`
	// ResponseURL answers a slash command or button press, privately or
	// in the channel, even where the bot is not a member (30 minutes, 5 uses).
	ResponseURL string `json:"response_url,omitempty"`
}

func (h hint) encode() string {
	if h == (hint{}) {
		return ""
	}
	b, _ := json.Marshal(h)
	return string(b)
}

func parseHint(s string) hint {
	var h hint
	if s != "" {
		_ = json.Unmarshal([]byte(s), &h)
	}
	return h
}

// fromSlashCommand translates a slash command. Slack sends the text
// without the command word, so "/brief topics" arrives as "topics" and
// becomes "brief topics", the core's subcommand form; a bare "/brief"
// asks for help.
func (a *Adapter) fromSlashCommand(c slack.SlashCommand) (bot.Request, bool) {
	if c.ChannelID == "" || c.UserID == "" {
		return bot.Request{}, false
	}
	word := strings.TrimPrefix(c.Command, "/")
	if word == "" {
		word = string(bot.CmdBrief)
	}
	text := strings.TrimSpace(unescape(c.Text))
	if text == "" {
		text = string(bot.CmdHelp)
	}
	id := c.TriggerID
	if id == "" {
		return bot.Request{}, false
	}
	return bot.Request{
		ID:        "cmd:" + id,
		Channel:   brief.ChannelRef{Platform: brief.PlatformSlack, ID: c.ChannelID},
		User:      c.UserID,
		Text:      word + " " + text,
		CanManage: true,
		Hint:      hint{User: c.UserID, ResponseURL: a.responseURL(c.ResponseURL)}.encode(),
	}, true
}

// fromEvent translates an Events API event: a direct message to the bot
// or a mention of it. It ignores everything else, including messages
// from bots (ourselves first), edits, joins and other message subtypes.
func (a *Adapter) fromEvent(ev slackevents.EventsAPIEvent) (bot.Request, bool) {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		return bot.Request{}, false
	}
	me := a.whoami()
	var user, channel, thread, text string
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.MessageEvent:
		// message.im: only plain messages typed by a person in a DM.
		if e.SubType != "" || e.BotID != "" || e.User == "" || (me.UserID != "" && e.User == me.UserID) {
			return bot.Request{}, false
		}
		if e.ChannelType != "im" && !strings.HasPrefix(e.Channel, "D") {
			return bot.Request{}, false
		}
		user, channel, thread, text = e.User, e.Channel, e.ThreadTimeStamp, e.Text
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.Edited != nil || (me.UserID != "" && e.User == me.UserID) {
			return bot.Request{}, false
		}
		// A DM arrives as message.im as well; answer it once.
		if strings.HasPrefix(e.Channel, "D") {
			return bot.Request{}, false
		}
		user, channel, thread, text = e.User, e.Channel, e.ThreadTimeStamp, e.Text
	default:
		return bot.Request{}, false
	}
	if channel == "" {
		return bot.Request{}, false
	}
	return bot.Request{
		ID:        "event:" + cb.EventID,
		Channel:   brief.ChannelRef{Platform: brief.PlatformSlack, ID: channel, Thread: thread},
		User:      user,
		Text:      typedCommand(a.stripMention(text, me.UserID)),
		CanManage: true,
		Hint:      hint{User: user}.encode(),
	}, true
}

// fromInteraction translates a button press. The button's value is the
// command it sends, as if the user had typed it. The trigger ID is unique
// per press and the same when Slack redelivers it.
func (a *Adapter) fromInteraction(cb slack.InteractionCallback) (bot.Request, bool) {
	if cb.Type != slack.InteractionTypeBlockActions || len(cb.ActionCallback.BlockActions) == 0 {
		return bot.Request{}, false
	}
	act := cb.ActionCallback.BlockActions[0]
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	id := cb.TriggerID
	if id == "" {
		id = act.ActionID + ":" + act.ActionTs
	}
	if channel == "" || cb.User.ID == "" || act.Value == "" || id == ":" {
		return bot.Request{}, false
	}
	return bot.Request{
		ID:        "action:" + id,
		Channel:   brief.ChannelRef{Platform: brief.PlatformSlack, ID: channel, Thread: cb.Container.ThreadTs},
		User:      cb.User.ID,
		Text:      act.Value,
		CanManage: true,
		Hint:      hint{User: cb.User.ID, ResponseURL: a.responseURL(cb.ResponseURL)}.encode(),
	}, true
}

var mention = regexp.MustCompile(`<@([A-Z0-9]+)(\|[^>]*)?>`)

// stripMention removes mentions of the bot from what was typed; before
// auth.test has answered it removes a leading mention. Slack's escaping
// of & < > is undone.
func (a *Adapter) stripMention(text, self string) string {
	if self != "" {
		text = mention.ReplaceAllStringFunc(text, func(m string) string {
			if mention.FindStringSubmatch(m)[1] == self {
				return " "
			}
			return m
		})
	} else if loc := mention.FindStringIndex(strings.TrimSpace(text)); loc != nil && loc[0] == 0 {
		text = strings.TrimSpace(text)[loc[1]:]
	}
	return strings.TrimSpace(unescape(text))
}

// typedCommand lets a DM or mention name a topic without the command
// word ("@briefbot iran-russia"): text the core does not know as a
// command, and that is no near miss of one, is read as "brief <text>".
func typedCommand(text string) string {
	_, err := bot.ParseCommand(text)
	pe, ok := errors.AsType[*bot.ParseError](err)
	if !ok || pe.Usage != bot.CmdHelp || pe.Suggest != "" {
		return text
	}
	alt := string(bot.CmdBrief) + " " + text
	if _, err := bot.ParseCommand(alt); err != nil {
		return text
	}
	return alt
}

// responseURL keeps a response_url only when it points at Slack (or at
// the configured API server, for tests and staging), so a forged payload
// cannot make us post elsewhere.
func (a *Adapter) responseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return ""
	}
	switch {
	case u.Scheme == "https" && (strings.HasSuffix(u.Host, ".slack.com") || strings.HasSuffix(u.Host, ".slack-gov.com")):
		return raw
	case (u.Scheme == "https" || u.Scheme == "http") && u.Host == a.hookHost:
		return raw
	}
	return ""
}
