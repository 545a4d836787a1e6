package bot

import (
	"time"

	"briefbot/brief"
	"briefbot/store"
)

// Request is one command as it reached the bot from any platform.
type Request struct {
	// ID is unique per request on its platform and stable across
	// redelivery (a Telegram update_id, a Slack trigger or event ID), so
	// answering it twice is impossible: the answer's outbox key derives from it.
	ID      string
	Channel brief.ChannelRef
	// User identifies who typed the command on its platform.
	User string
	// Text is the command as typed, bot mention already removed.
	Text string
	// CanManage is false when the platform says this user may not change
	// the channel's subscriptions (a non-admin in a Telegram group).
	CanManage bool
	// Hint is opaque adapter data needed to deliver the answer (a Slack
	// response_url); it travels with the answer through the outbox.
	Hint string
}

// Kind says what a Response holds.
type Kind string

// Response kinds.
const (
	KindAlert         Kind = "alert"         // new stories pushed to a subscribed channel
	KindBriefing      Kind = "briefing"      // the answer to /brief (or a More page)
	KindDigest        Kind = "digest"        // a scheduled or requested digest
	KindTopics        Kind = "topics"        // the topic list
	KindSubscriptions Kind = "subscriptions" // a channel's subscriptions and digest schedule
	KindHelp          Kind = "help"          // command grammar
	KindNotice        Kind = "notice"        // a short confirmation or information
	KindWatch         Kind = "watch"         // a topic the channel now watches, with a preview
	KindTrends        Kind = "trends"        // daily story counts per topic
	KindError         Kind = "error"         // what went wrong and what to type instead
)

// Response is what the bot says, as structure; adapters render it. It is
// stored in the outbox as JSON, so every field must survive a round trip.
type Response struct {
	Kind Kind `json:"kind"`
	// Platform is the platform the response is for; it decides how
	// commands are spelled in Text and Help (Slack's "/brief topics"
	// versus "/topics").
	Platform string          `json:"platform,omitempty"`
	Briefing *brief.Briefing `json:"briefing,omitempty"`
	// Matched is, for KindWatch, how many stored articles the preview
	// matched; Briefing holds their newest stories.
	Matched int           `json:"matched,omitempty"`
	Digest  *brief.Digest `json:"digest,omitempty"`
	Topics  []brief.Topic `json:"topics,omitempty"`
	// Trends answers /trends: each topic's stories per day, in Zone.
	Trends []brief.Trend `json:"trends,omitempty"`
	// Update is a story update (KindUpdate), composed by ComposeUpdate.
	Update *store.StoryUpdate `json:"update,omitempty"`
	// ChannelTopics are the topics the channel defined itself (/watch),
	// with their queries as Description; Topics holds the configured ones.
	ChannelTopics []brief.Topic `json:"channel_topics,omitempty"`
	// Subscriptions and Schedule answer /subscriptions.
	Subscriptions []brief.Subscription  `json:"subscriptions,omitempty"`
	Schedule      *brief.DigestSchedule `json:"schedule,omitempty"`
	Help          []HelpLine            `json:"help,omitempty"`
	// Text is the notice or error message: plain text that may quote
	// user input, so adapters escape it like any untrusted text.
	Text string `json:"text,omitempty"`
	// Hint is a command the user can type next, spelled for Platform.
	Hint string `json:"hint,omitempty"`
	// Incident identifies an unexpected failure in the operator's logs.
	Incident string `json:"incident,omitempty"`
	// Zone is the IANA time zone the channel reads times in (the one it
	// set with /digest); empty means UTC.
	Zone string `json:"zone,omitempty"`
	// Format is how much of each story the channel wants; empty is full.
	Format brief.Format `json:"format,omitempty"`
	// SummaryChars is the most characters of a story's summary shown
	// (summary.max_chars); 0 means MaxSummaryChars.
	SummaryChars int `json:"summary_chars,omitempty"`
	// Private asks the adapter to show the response only to the person
	// who asked, where the platform can (Slack ephemeral messages).
	Private bool `json:"private,omitempty"`
}

// HelpLine is one command's usage and what it does.
type HelpLine struct {
	Usage   string `json:"usage"`
	Summary string `json:"summary"`
}

// Action is a button an adapter may attach to a response. Pressing it sends
// Command back to the bot as if the user had typed it.
type Action struct {
	Label   string
	Command string
}

// Actions returns the buttons of a response: "More" when a briefing has a
// next page ("/brief jcpoa 7d page 2"), "Mute 24 h" for alerts and
// briefings with stories.
func (r Response) Actions() []Action { return Compose(r, time.Time{}).Buttons }

// Spell formats a command for a platform: Slack reaches every subcommand
// through its single /brief slash command, other platforms use one slash
// command each.
func Spell(platform string, name Name, args string) string {
	s := "/" + string(name)
	if platform == brief.PlatformSlack && name != CmdBrief {
		s = "/brief " + string(name)
	}
	if args != "" {
		s += " " + args
	}
	return s
}

// Place is what a platform calls the place a message goes: a Slack
// channel, a Telegram chat.
func Place(platform string) string {
	if platform == brief.PlatformSlack {
		return "channel"
	}
	return "chat"
}

// Usage returns the usage line of a command, spelled for a platform.
func Usage(platform string, name Name) HelpLine {
	u := func(args, summary string) HelpLine {
		return HelpLine{Usage: Spell(platform, name, args), Summary: summary}
	}
	switch name {
	case CmdBrief:
		return u("<topic> [24h|7d] [page N]", "the latest stories on a topic (default: the last 24 hours)")
	case CmdFormat:
		return u("short|full", "briefings here with headlines only, or with summaries (default)")
	case CmdTopics:
		return u("", "the topics I watch")
	case CmdTrends:
		return u("", "stories per day on each topic this "+Place(platform)+" follows (or all), over the last 7 days")
	case CmdSubscribe:
		return u("<topic> [alerts|digest|both]", "follow a topic here: instant alerts, the daily digest, or both (default)")
	case CmdUnsubscribe:
		return u("<topic>", "stop following a topic here")
	case CmdSubscriptions:
		return u("", "what this "+Place(platform)+" follows, and when its digest comes")
	case CmdDigest:
		return u("<HH:MM> [Area/City] | off | now", "set the daily digest time and time zone, turn it off, or get it now")
	case CmdMute:
		return u("<topic> [24h]", "pause alerts on a topic for a while")
	case CmdWatch:
		return u("<id> <query>", "watch a topic of your own here, like: caspian Caspian AND (oil OR gas)")
	case CmdUnwatch:
		return u("<id>", "stop watching a topic of your own")
	case CmdHelp:
		return u("[command]", "this help")
	}
	return HelpLine{}
}
