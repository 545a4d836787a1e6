// Command briefbot polls news feeds, finds the articles that matter to
// watched topics, summarises them and delivers briefings to Slack,
// Telegram and the console.
//
// This file and its siblings are wiring only: flags, config, logger, store,
// adapters, errgroup and shutdown. Behaviour lives in the packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	_ "time/tzdata" // digest zones work on machines without a zoneinfo database
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// App is what a subcommand may touch of the outside world.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// Ready, when set, is called by `run` once every component is started
	// (tests wait on it).
	Ready func(*Runtime)
}

// errUsage marks a command-line mistake: the message was printed, exit 2.
var errUsage = errors.New("usage")

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, app *App, args []string) error
}

func commands() []command {
	return []command{
		{"run", "[-config F] [-db PATH]", "run the bot: poll feeds, send alerts and digests, answer commands", cmdRun},
		{"brief", "TOPIC [-since 24h] [-n 5] [-config F] [-db PATH]", "print a briefing on a topic from the store", cmdBrief},
		{"summarize", "[-n 3] [-max-chars N] [-topic T] [-title TEXT]", "summarise the article text on stdin, one sentence per line", cmdSummarize},
		{"match", "[-config F] [-text [-title T]] [-explain]", "match JSON Lines {id,title,text} (or, with -text, one plain-text article) on stdin against the topics; -explain shows which query parts matched where", cmdMatch},
		{"cluster", "[-window 72h]", "group JSON Lines {id,title,text,published} on stdin into stories: {id,story} per line", cmdCluster},
		{"config", "check [-config F]", "report every config problem, or print the effective config", cmdConfig},
		{"feeds", "check|add|remove|list|import|export|status|resume ...", "check, add, remove and list feeds, import/export OPML, show feed health", cmdFeeds},
		{"eval", "summarize|topics|stories ...", "score the summarizer, the topic matcher or the story clusterer on an evaluation set", cmdEval},
		{"reload", "[-config F] [-db PATH]", "check the config file and have the running bot reload it (SIGHUP): topics, feeds, digest and alert settings", cmdReload},
		{"healthcheck", "[-ready]", "exit 0 when the running bot's HTTP server answers /healthz (with -ready: /readyz)", cmdHealthcheck},
		{"bench", benchUsage, "measure polling, ingest, the /brief query and Slack fan-out at scale (docs/performance.md)", cmdBench},
		{"version", "", "print the version", cmdVersion},
	}
}

// Main runs one briefbot command and returns the process exit code: 0 on
// success, 1 on failure, 2 on a usage mistake.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	return MainApp(ctx, &App{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}, args)
}

// MainApp is Main with a prepared App.
func MainApp(ctx context.Context, app *App, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(app.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, app, args[1:])
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0 // -h asked for the usage, which was printed
		case errors.Is(err, errUsage):
			return 2
		default:
			fmt.Fprintf(app.Stderr, "briefbot %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(app.Stderr, "briefbot: unknown command %q\n\n", args[0])
	usage(app.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "briefbot keeps you briefed on the topics you watch.")
	fmt.Fprintln(w, "\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  briefbot %-12s %s\n", c.name, c.args)
		fmt.Fprintf(w, "      %s\n", c.summary)
	}
	fmt.Fprintln(w, "\nWith no config file and no chat tokens, `briefbot run` is an offline demo on built-in sample feeds.")
}

func cmdVersion(_ context.Context, app *App, args []string) error {
	if err := noArgs(flagSet(app, "version", ""), args); err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, "briefbot %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// flagSet builds a FlagSet that prints its usage to the app's stderr.
func flagSet(app *App, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(app.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(app.Stderr, "Usage: briefbot %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses flags that may come before, between or after the
// positional arguments ("brief jcpoa -since 7d"), returning the positionals.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// configPath is the -config flag, else BRIEFBOT_CONFIG.
func configPath(app *App, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	return strings.TrimSpace(app.Getenv("BRIEFBOT_CONFIG"))
}

// noArgs parses flags for a command that takes no positional arguments,
// refusing stray ones instead of ignoring them.
func noArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(fs.Output(), "unexpected argument %q\n", pos[0])
		fs.Usage()
		return errUsage
	}
	return nil
}
