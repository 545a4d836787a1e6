package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"briefbot/bot"
	"briefbot/bot/console"
	"briefbot/brief"
	"briefbot/config"
	"briefbot/summarize"
	"briefbot/topics"
)

// maxInput bounds what the one-shot commands read from stdin.
const maxInput = 10 << 20

func cmdBrief(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "brief", "TOPIC [-since 24h] [-n 5] [-config F] [-db PATH]")
	since := fs.String("since", "24h", "window: hours or days back, like 24h or 7d")
	n := fs.Int("n", 5, "number of stories")
	cfgPath := fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG)")
	db := fs.String("db", "", "SQLite database file (default: $BRIEFBOT_DB or ./briefbot.db)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errUsage
	}
	if *n < 1 || *n > 100 {
		fmt.Fprintln(app.Stderr, "-n must be between 1 and 100")
		return errUsage
	}
	cfg, err := loadConfig(app, configPath(app, *cfgPath), *db)
	if err != nil {
		return err
	}
	log := newLogger(app.Stderr, config.Log{Level: "warn", Format: "text"})
	st, err := openStoreBeside(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer st.Close()
	m, err := newMatcher(cfg)
	if err != nil {
		return err
	}
	h := bot.NewHandler(st, m.Topics(), nil, bot.Options{PageSize: *n, Logger: log, SummaryChars: cfg.Summary.MaxChars, Focus: m.Focus})
	r := h.Handle(ctx, bot.Request{ID: "cli", Channel: console.Channel, Text: "/brief " + strings.Join(pos, " ") + " " + *since, CanManage: true})
	if r.Kind == bot.KindError {
		return errors.New(strings.TrimSpace(r.Text))
	}
	_, err = io.WriteString(app.Stdout, console.Clean(r.PlainText()))
	return err
}

func cmdSummarize(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "summarize", "[-n 3] [-max-chars N] [-topic T] [-title TEXT] < article.txt")
	n := fs.Int("n", 3, "number of sentences")
	maxChars := fs.Int("max-chars", 0, "character budget instead of a sentence count (0: none)")
	topic := fs.String("topic", "", "topic ID whose sentences weigh more, like iran-russia")
	title := fs.String("title", "", "the article's headline (a scoring signal, never printed)")
	cfgPath := fs.String("config", "", "config file with topic definitions (default: built-in topics)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 || *maxChars < 0 {
		fmt.Fprintln(app.Stderr, "-n must be at least 1 and -max-chars not negative")
		return errUsage
	}
	opt := summarize.Options{N: *n, MaxChars: *maxChars, Title: *title}
	if *maxChars > 0 && !flagWasSet(fs, "n") {
		opt.N = 0 // the budget alone decides
	}
	if *topic != "" {
		cfg, err := loadConfig(app, configPath(app, *cfgPath), "")
		if err != nil {
			return err
		}
		m, err := newMatcher(cfg)
		if err != nil {
			return err
		}
		id := brief.NormalizeTopicID(*topic)
		opt.Focus = m.Focus(id)
		if opt.Focus == nil {
			var ids []string
			for _, t := range m.Topics() {
				ids = append(ids, t.ID)
			}
			return fmt.Errorf("unknown topic %q; known topics: %s", *topic, strings.Join(ids, ", "))
		}
	}
	text, err := readArticle(app, "summarise")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(app.Stdout)
	for _, s := range summarize.Summarize(text, opt) {
		fmt.Fprintln(w, s)
	}
	return w.Flush()
}

// readArticle reads one plain-text article from stdin, up to maxInput;
// verb names what the command does with it, for the error when it is larger.
func readArticle(app *App, verb string) (string, error) {
	text, err := io.ReadAll(io.LimitReader(app.Stdin, maxInput+1))
	if err != nil {
		return "", fmt.Errorf("read stdin: %w", err)
	}
	if len(text) > maxInput {
		return "", fmt.Errorf("input is over %d MiB; %s one article at a time", maxInput>>20, verb)
	}
	return string(text), nil
}

func flagWasSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

type matchInput struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

type matchTopic struct {
	Topic string      `json:"topic"`
	Score float64     `json:"score"`
	Terms []string    `json:"terms"`
	Hits  []brief.Hit `json:"hits"`
}

type matchOutput struct {
	ID     string       `json:"id"`
	Topics []matchTopic `json:"topics"`
	Error  string       `json:"error,omitempty"`
}

func cmdMatch(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "match", "[-config F] [-explain] < items.jsonl  |  -text [-title TEXT] [-explain] < article.txt")
	cfgPath := fs.String("config", "", "config file with topic definitions (default: built-in topics)")
	plain := fs.Bool("text", false, "read one plain-text article instead of JSON Lines")
	title := fs.String("title", "", "with -text: the article's headline (default: the first line of stdin)")
	explain := fs.Bool("explain", false, "instead of JSON, show for every topic how it scored: which query parts and terms matched where")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *title != "" && !*plain {
		fmt.Fprintln(app.Stderr, "-title goes with -text; JSON Lines carry their own titles")
		return errUsage
	}
	cfg, err := loadConfig(app, configPath(app, *cfgPath), "")
	if err != nil {
		return err
	}
	m, err := newMatcher(cfg)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(app.Stdout)
	enc.SetEscapeHTML(false)
	if *plain {
		text, err := readArticle(app, "match")
		if err != nil {
			return err
		}
		in := matchInput{Title: *title, Text: text}
		if *title == "" {
			// A plain-text article's first line is its headline, which
			// weighs more than the body.
			in.Title, in.Text, _ = strings.Cut(strings.TrimLeft(in.Text, " \t\r\n"), "\n")
			in.Title = strings.TrimSpace(in.Title)
		}
		if *explain {
			printExplanation(app.Stdout, m, in)
			return nil
		}
		return enc.Encode(matchOne(m, in))
	}
	sc := bufio.NewScanner(app.Stdin)
	sc.Buffer(make([]byte, 64<<10), maxInput)
	line, bad := 0, 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var in matchInput
		var out matchOutput
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			bad++
			out = matchOutput{Topics: []matchTopic{}}
			out.Error = fmt.Sprintf("line %d: not a JSON object with id, title and text: %v", line, err)
			fmt.Fprintln(app.Stderr, out.Error)
			if bad == 1 && !strings.HasPrefix(strings.TrimSpace(sc.Text()), "{") {
				fmt.Fprintln(app.Stderr, "(for a plain-text article, use: briefbot match -text [-title TEXT] < article.txt)")
			}
			if *explain {
				continue // the report is text; the error went to stderr
			}
		} else if *explain {
			printExplanation(app.Stdout, m, in)
			continue
		} else {
			out = matchOne(m, in)
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read stdin at line %d (a line may hold at most %d MiB): %w", line+1, maxInput>>20, err)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d lines could not be read", bad, line)
	}
	return nil
}

// matchOne matches one article and lists every topic it matched, with
// the terms that fired and where.
func matchOne(m *topics.Matcher, in matchInput) matchOutput {
	out := matchOutput{ID: in.ID, Topics: []matchTopic{}}
	for _, mt := range m.Match(brief.Article{ID: in.ID, Title: in.Title, Text: in.Text}) {
		terms := mt.Terms()
		if terms == nil {
			terms = []string{}
		}
		out.Topics = append(out.Topics, matchTopic{Topic: mt.TopicID, Score: mt.Score, Terms: terms, Hits: mt.Hits})
	}
	return out
}

// printExplanation writes, for one article, how every topic scored it:
// for a query, each part (indented under the operation it belongs to)
// with whether it held and where its words were found; then what added
// to the score and the hits that count. Article text is quoted (%q), so
// it cannot forge lines of the report.
func printExplanation(w io.Writer, m *topics.Matcher, in matchInput) {
	if in.ID != "" {
		fmt.Fprintf(w, "article %q: %q\n", in.ID, in.Title)
	} else {
		fmt.Fprintf(w, "article %q\n", in.Title)
	}
	hits := func(hs []brief.Hit) string {
		var b strings.Builder
		for i, h := range hs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %q at %d", h.Field, h.Found, h.Offset)
			if h.Fuzzy {
				fmt.Fprintf(&b, " (≈ %s)", h.Term)
			}
		}
		return b.String()
	}
	for _, e := range m.Explain(brief.Article{ID: in.ID, Title: in.Title, Text: in.Text}) {
		verdict := "not matched"
		if e.Matched {
			verdict = "matched"
		}
		if e.Threshold > 0 {
			fmt.Fprintf(w, "  %s: %s, score %.3f of %g\n", e.TopicID, verdict, e.Score, e.Threshold)
		} else {
			fmt.Fprintf(w, "  %s: %s by its query, score %.3f\n", e.TopicID, verdict, e.Score)
		}
		for _, q := range e.Query {
			holds := "does not hold"
			if q.Holds {
				holds = "holds"
			}
			line := fmt.Sprintf("%s%s: %s", strings.Repeat("  ", q.Depth+2), q.Text, holds)
			if len(q.Hits) > 0 {
				line += ": " + hits(q.Hits)
			}
			fmt.Fprintln(w, line)
		}
		if len(e.Parts) > 0 {
			parts := make([]string, len(e.Parts))
			for i, p := range e.Parts {
				parts[i] = fmt.Sprintf("%s %+.3f", p.Name, p.Value)
			}
			fmt.Fprintf(w, "    score: %s\n", strings.Join(parts, ", "))
		}
		if len(e.Hits) > 0 {
			fmt.Fprintf(w, "    hits: %s\n", hits(e.Hits))
		}
	}
}

func cmdConfig(ctx context.Context, app *App, args []string) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(app.Stderr, "Usage: briefbot config check [-config F]")
		return errUsage
	}
	fs := flagSet(app, "config check", "[-config F]")
	cfgPath := fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG; none: built-in defaults)")
	if err := noArgs(fs, args[1:]); err != nil {
		return err
	}
	// Check, not loadConfig: it reports the file's unknown keys and
	// wrong types together with what Validate refuses, each at its line.
	cfg, err := config.Check(configPath(app, *cfgPath), app.Getenv)
	if err != nil {
		return fmt.Errorf("invalid configuration:\n%w", indent(err))
	}
	out, err := cfg.Marshal()
	if err != nil {
		return err
	}
	src := "built-in defaults"
	if cfg.File != "" {
		src = cfg.File
	}
	fmt.Fprintf(app.Stdout, "# briefbot configuration: OK (%s plus environment; secrets redacted)\n", src)
	_, err = app.Stdout.Write(out)
	return err
}

func cmdHealthcheck(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "healthcheck", "[-ready] [-config F]")
	cfgPath := fs.String("config", "", "config file (default: $BRIEFBOT_CONFIG)")
	ready := fs.Bool("ready", false, "probe /readyz (store, chat platforms, poll cycle, outbox) instead of /healthz")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(configPath(app, *cfgPath), app.Getenv)
	if err != nil {
		return err
	}
	addr := cfg.HTTP.Addr
	if addr == "" {
		return errors.New("the bot runs no HTTP server to check: set BRIEFBOT_HTTP_ADDR (or http.addr in the config)")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("HTTP address %q: %w", addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if *ready {
		return probeReady(ctx, app, "http://"+net.JoinHostPort(host, port)+"/readyz")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s", resp.Status)
	}
	fmt.Fprintln(app.Stdout, "ok")
	return nil
}
