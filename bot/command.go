package bot

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"briefbot/brief"
)

// Name is a command's canonical name.
type Name string

// The commands every platform understands.
const (
	CmdBrief         Name = "brief"
	CmdTopics        Name = "topics"
	CmdTrends        Name = "trends"
	CmdSubscribe     Name = "subscribe"
	CmdUnsubscribe   Name = "unsubscribe"
	CmdSubscriptions Name = "subscriptions"
	CmdDigest        Name = "digest"
	CmdMute          Name = "mute"
	CmdWatch         Name = "watch"
	CmdUnwatch       Name = "unwatch"
	CmdFormat        Name = "format"
	CmdMore          Name = "more"
	CmdHelp          Name = "help"
)

// Names lists the commands in the order help shows them.
var Names = []Name{CmdBrief, CmdTopics, CmdTrends, CmdSubscribe, CmdUnsubscribe, CmdSubscriptions, CmdDigest, CmdMute, CmdWatch, CmdUnwatch, CmdFormat, CmdHelp}

// aliases maps other words users type to a command.
var aliases = map[string]Name{
	"start": CmdHelp, // Telegram sends /start when a user opens the bot
}

// ReservedWords are the words topic IDs may not be, because commands use them.
func ReservedWords() []string {
	out := []string{"start"}
	for _, n := range append(Names, CmdMore) {
		out = append(out, string(n))
	}
	return out
}

// Limits on what a user may type. They bound the work a command can cause
// and the size of anything echoed back.
const (
	// MaxCommandBytes is the longest command text parsed; longer input is refused.
	MaxCommandBytes = 512
	// DefaultWindow is the briefing window when none is given.
	DefaultWindow = 24 * time.Hour
	// MaxWindow is the longest briefing window.
	MaxWindow = 30 * 24 * time.Hour
	// MaxPage is the highest briefing page asked for.
	MaxPage = 1000
	// DefaultMute is how long a mute lasts when no duration is given.
	DefaultMute = 24 * time.Hour
	maxTopicID  = 64
)

// Command is a parsed chat command. The zero value is not a command.
type Command struct {
	Name Name
	// Topic is the normalised topic ID (brief, subscribe, unsubscribe, mute, more).
	Topic string
	// Window is the briefing window (brief) or the mute duration (mute).
	Window time.Duration
	// Mode is the subscription mode (subscribe); empty means the default.
	Mode brief.Mode
	// Time ("HH:MM") and Zone (IANA, may be empty) set the digest schedule.
	Time, Zone string
	// Off turns the scheduled digest off; Now sends it at once.
	Off, Now bool
	// Page is the page of a briefing (brief), from 1; 0 means the first.
	Page int
	// Format is how much of each story briefings show (format).
	Format brief.Format
	// Since, Until and Offset address a page of a briefing in the form
	// older buttons carry (more).
	Since, Until time.Time
	Offset       int
	// About is the command help was asked about, if any.
	About Name
	// Query is the query of a topic the channel watches (watch), as typed.
	Query string
}

// ParseError says what was wrong with a command and how to type it instead.
// Its text is safe to show a user once escaped by the adapter.
type ParseError struct {
	Msg   string // what was wrong
	Usage Name   // the command whose usage to show, if known
	// Suggest is a command the user probably meant, if any.
	Suggest Name
}

func (e *ParseError) Error() string { return e.Msg }

// ErrNotCommand is returned by ParseCommand for text that is not addressed
// to the bot as a command (empty, or chatter in a channel).
var ErrNotCommand = errors.New("not a command")

// ParseCommand reads a command in any of the forms users type:
//
//	/brief iran-russia 7d        /topics         brief topics
//	/brief subscribe jcpoa both  /subscribe sco  subscribe sco digest
//	/digest 07:30 Europe/Vienna  /digest off     /digest now
//
// The leading slash is optional; "brief <subcommand> ..." is the same as
// "<subcommand> ...", which is how Slack's single /brief command reaches
// every subcommand. A "@botname" suffix on the first word is removed (the
// adapter decides beforehand whether the command was addressed to us).
// Topic IDs may be typed with '_' or spaces for '-'. Words are
// case-insensitive except time zone names.
func ParseCommand(text string) (Command, error) {
	if len(text) > MaxCommandBytes {
		return Command{}, &ParseError{Msg: fmt.Sprintf("That command is too long (over %d characters).", MaxCommandBytes), Usage: CmdHelp}
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	words := strings.FieldsFunc(text, unicode.IsSpace)
	if len(words) == 0 {
		return Command{}, ErrNotCommand
	}
	first := strings.TrimPrefix(words[0], "/")
	if at := strings.IndexByte(first, '@'); at > 0 {
		first = first[:at]
	}
	first = strings.ToLower(first)
	args := words[1:]
	used := 1 // words read before args
	if first == string(CmdBrief) && len(args) > 0 {
		// "/brief topics", "/brief subscribe x": the subcommand form.
		if sub, ok := lookupName(strings.ToLower(args[0])); ok && sub != CmdBrief && sub != CmdMore {
			first, args, used = string(sub), args[1:], 2
		}
	}
	name, ok := lookupName(first)
	if !ok {
		return Command{}, unknownCommand(first)
	}
	switch name {
	case CmdBrief:
		return parseBrief(args)
	case CmdTopics, CmdSubscriptions, CmdTrends:
		if len(args) > 0 {
			return Command{}, usageError(name, "%s takes no arguments.", name)
		}
		return Command{Name: name}, nil
	case CmdSubscribe:
		return parseSubscribe(args)
	case CmdUnsubscribe:
		if len(args) == 0 {
			return Command{}, usageError(name, "Which topic? Name one.")
		}
		topic, err := topicArg(name, args)
		if err != nil {
			return Command{}, err
		}
		return Command{Name: name, Topic: topic}, nil
	case CmdDigest:
		return parseDigest(args)
	case CmdMute:
		return parseMute(args)
	case CmdWatch:
		if len(args) < 2 {
			return Command{}, usageError(name, "Give the topic an ID and then a query, like: caspian Caspian AND (oil OR gas).")
		}
		topic, err := topicArg(name, args[:1])
		if err != nil {
			return Command{}, err
		}
		// The query keeps its spacing, so error columns count from its
		// first character as the user typed it.
		return Command{Name: name, Topic: topic, Query: afterWords(text, used+1)}, nil
	case CmdUnwatch:
		if len(args) != 1 {
			return Command{}, usageError(name, "Name the topic to stop watching, by its ID.")
		}
		topic, err := topicArg(name, args)
		if err != nil {
			return Command{}, err
		}
		return Command{Name: name, Topic: topic}, nil
	case CmdMore:
		return parseMore(args)
	case CmdFormat:
		if len(args) != 1 {
			return Command{}, usageError(name, "Say short (headlines only) or full.")
		}
		f, err := brief.ParseFormat(args[0])
		if err != nil {
			return Command{}, usageError(name, "%q is not a format. Say short (headlines only) or full.", clip(args[0], 16))
		}
		return Command{Name: name, Format: f}, nil
	case CmdHelp:
		c := Command{Name: CmdHelp}
		if len(args) > 0 {
			about, ok := lookupName(strings.ToLower(strings.TrimPrefix(args[0], "/")))
			if !ok || about == CmdMore {
				return Command{}, unknownCommand(args[0])
			}
			c.About = about
		}
		return c, nil
	}
	return Command{}, unknownCommand(first)
}

// afterWords returns text after its first n words, without the spaces
// around it.
func afterWords(text string, n int) string {
	rest := text
	for range n {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			return ""
		}
		rest = rest[end:]
	}
	return strings.TrimSpace(rest)
}

func lookupName(s string) (Name, bool) {
	for _, n := range append(Names, CmdMore) {
		if s == string(n) {
			return n, true
		}
	}
	n, ok := aliases[s]
	return n, ok
}

func unknownCommand(word string) error {
	word = clip(word, 32)
	e := &ParseError{Msg: fmt.Sprintf("I don't know the command %q.", word), Usage: CmdHelp}
	best, bestD := Name(""), 3
	for _, n := range Names {
		if d := editDistance(strings.ToLower(word), string(n)); d < bestD {
			best, bestD = n, d
		}
	}
	e.Suggest = best
	return e
}

func usageError(name Name, format string, a ...any) error {
	return &ParseError{Msg: fmt.Sprintf(format, a...), Usage: name}
}

// topicArg joins the words of a topic ID ("iran russia" → "iran-russia").
func topicArg(name Name, words []string) (string, error) {
	id := brief.NormalizeTopicID(strings.Join(words, "-"))
	if id == "" || len(id) > maxTopicID {
		return "", usageError(name, "That is not a topic ID. Topic IDs are short words like iran-russia.")
	}
	for _, r := range id {
		if !(r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return "", usageError(name, "%q is not a topic ID. Topic IDs use letters, digits and '-'.", clip(id, 32))
		}
	}
	return id, nil
}

func parseBrief(args []string) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageError(CmdBrief, "Which topic? Name one, for example iran-russia.")
	}
	c := Command{Name: CmdBrief, Window: DefaultWindow}
	if n := len(args); n > 2 && strings.EqualFold(args[n-2], "page") {
		p, err := strconv.Atoi(args[n-1])
		if err != nil || p < 1 || p > MaxPage {
			return Command{}, usageError(CmdBrief, "%q is not a page number. Pages count from 1, like page 2.", clip(args[n-1], 16))
		}
		c.Page = p
		args = args[:n-2]
	}
	if len(args) > 1 {
		if w, ok := ParseWindow(args[len(args)-1]); ok {
			if w > MaxWindow {
				return Command{}, usageError(CmdBrief, "The longest window is %s.", FormatWindow(MaxWindow))
			}
			c.Window = w
			args = args[:len(args)-1]
		} else if looksLikeWindow(args[len(args)-1]) {
			return Command{}, usageError(CmdBrief, "%q is not a window. Use hours or days, like 24h or 7d.", clip(args[len(args)-1], 16))
		}
	}
	topic, err := topicArg(CmdBrief, args)
	if err != nil {
		return Command{}, err
	}
	c.Topic = topic
	return c, nil
}

func parseSubscribe(args []string) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageError(CmdSubscribe, "Which topic? Name one, for example jcpoa.")
	}
	c := Command{Name: CmdSubscribe}
	if len(args) > 1 {
		if m, err := brief.ParseMode(args[len(args)-1]); err == nil {
			c.Mode = m
			args = args[:len(args)-1]
		}
	}
	topic, err := topicArg(CmdSubscribe, args)
	if err != nil {
		return Command{}, err
	}
	c.Topic = topic
	return c, nil
}

func parseDigest(args []string) (Command, error) {
	c := Command{Name: CmdDigest}
	if len(args) == 0 {
		return Command{}, usageError(CmdDigest, "Give a time like 07:30 (and a zone like Europe/Vienna), or off, or now.")
	}
	switch strings.ToLower(args[0]) {
	case "off", "stop", "none":
		if len(args) > 1 {
			return Command{}, usageError(CmdDigest, "digest off takes nothing after it.")
		}
		c.Off = true
		return c, nil
	case "now":
		if len(args) > 1 {
			return Command{}, usageError(CmdDigest, "digest now takes nothing after it.")
		}
		c.Now = true
		return c, nil
	}
	hm, ok := ParseClock(args[0])
	if !ok {
		return Command{}, usageError(CmdDigest, "%q is not a time of day. Use 24-hour HH:MM, like 07:30.", clip(args[0], 16))
	}
	c.Time = hm
	switch len(args) {
	case 1:
	case 2:
		if _, err := LoadZone(args[1]); err != nil {
			return Command{}, usageError(CmdDigest, "%q is not a time zone I know. Use an IANA name like Europe/Vienna or America/New_York.", clip(args[1], 40))
		}
		c.Zone = args[1]
	default:
		return Command{}, usageError(CmdDigest, "Too many words: give a time and at most one time zone.")
	}
	return c, nil
}

func parseMute(args []string) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageError(CmdMute, "Which topic? Name one.")
	}
	c := Command{Name: CmdMute, Window: DefaultMute}
	if len(args) > 1 {
		if w, ok := ParseWindow(args[len(args)-1]); ok {
			if w > MaxWindow {
				return Command{}, usageError(CmdMute, "The longest mute is %s.", FormatWindow(MaxWindow))
			}
			c.Window = w
			args = args[:len(args)-1]
		} else if looksLikeWindow(args[len(args)-1]) {
			return Command{}, usageError(CmdMute, "%q is not a duration. Use hours or days, like 24h or 2d.", clip(args[len(args)-1], 16))
		}
	}
	topic, err := topicArg(CmdMute, args)
	if err != nil {
		return Command{}, err
	}
	c.Topic = topic
	return c, nil
}

// parseMore reads the compact page token buttons carry:
// "more <topic> <since> <until> <offset>", times in base-36 Unix seconds.
func parseMore(args []string) (Command, error) {
	bad := &ParseError{Msg: "That page link is not valid any more. Ask for the briefing again.", Usage: CmdBrief}
	if len(args) != 4 {
		return Command{}, bad
	}
	topic, err := topicArg(CmdMore, args[:1])
	if err != nil {
		return Command{}, bad
	}
	since, err1 := strconv.ParseInt(args[1], 36, 64)
	until, err2 := strconv.ParseInt(args[2], 36, 64)
	off, err3 := strconv.Atoi(args[3])
	if err1 != nil || err2 != nil || err3 != nil || off < 0 || off > 100000 || since <= 0 || until <= since || until-since > int64(MaxWindow/time.Second) {
		return Command{}, bad
	}
	return Command{Name: CmdMore, Topic: topic, Since: time.Unix(since, 0).UTC(), Until: time.Unix(until, 0).UTC(), Offset: off}, nil
}

// String formats the command in its canonical form, which ParseCommand
// reads back to the same Command.
func (c Command) String() string {
	var b strings.Builder
	b.WriteString("/" + string(c.Name))
	arg := func(s string) { b.WriteString(" " + s) }
	switch c.Name {
	case CmdBrief:
		arg(c.Topic)
		switch {
		case c.Page > 1:
			// A page names its window, so the command reads whole.
			arg(FormatWindow(cmp.Or(c.Window, DefaultWindow)))
			arg("page " + strconv.Itoa(c.Page))
		case c.Window != DefaultWindow && c.Window != 0:
			arg(FormatWindow(c.Window))
		}
	case CmdSubscribe:
		arg(c.Topic)
		if c.Mode != "" {
			arg(string(c.Mode))
		}
	case CmdUnsubscribe, CmdUnwatch:
		arg(c.Topic)
	case CmdWatch:
		arg(c.Topic)
		arg(c.Query)
	case CmdMute:
		arg(c.Topic)
		if c.Window != DefaultMute && c.Window != 0 {
			arg(FormatWindow(c.Window))
		}
	case CmdDigest:
		switch {
		case c.Off:
			arg("off")
		case c.Now:
			arg("now")
		default:
			arg(c.Time)
			if c.Zone != "" {
				arg(c.Zone)
			}
		}
	case CmdMore:
		arg(c.Topic)
		arg(strconv.FormatInt(c.Since.Unix(), 36))
		arg(strconv.FormatInt(c.Until.Unix(), 36))
		arg(strconv.Itoa(c.Offset))
	case CmdFormat:
		arg(string(c.Format))
	case CmdHelp:
		if c.About != "" {
			arg(string(c.About))
		}
	}
	return b.String()
}

// ParseWindow reads a duration as users type it: "24h", "7d", "2w", "90m".
func ParseWindow(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 10000 {
		return 0, false
	}
	unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, false
	}
	return time.Duration(n) * unit, true
}

func looksLikeWindow(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// FormatWindow formats a duration the way ParseWindow reads it: whole days
// from two days up, else hours ("24h", "7d"), else minutes.
func FormatWindow(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0 && d >= 48*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	default:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
}

// ParseClock reads a 24-hour time of day, "7:30" or "07:30", and returns it
// as "HH:MM".
func ParseClock(s string) (string, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) == 0 || len(h) > 2 || len(m) != 2 {
		return "", false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", hh, mm), true
}

// LoadZone loads an IANA time zone by name, refusing the empty name and
// "Local" (which would mean the server's zone, not the user's).
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || len(name) > 64 {
		return nil, fmt.Errorf("time zone %q: want an IANA name like Europe/Vienna", name)
	}
	return time.LoadLocation(name)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// editDistance is the Levenshtein distance between a and b, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
