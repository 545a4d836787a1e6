package main

import (
	"context"
	"fmt"
	"os"

	"briefbot/internal/sumeval"
	"briefbot/internal/topiceval"
	"briefbot/summarize"
)

func cmdEval(ctx context.Context, app *App, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "summarize":
		return evalSummarize(ctx, app, args)
	case "topics":
		return evalTopics(ctx, app, args)
	case "stories":
		return evalStories(ctx, app, args)
	}
	fmt.Fprint(app.Stderr, `Usage:
  briefbot eval summarize -data DIR [-n 3 | -n ref] [-max-tokens 60]   ROUGE against the BBC News Summary layout
  briefbot eval topics -data FILE.jsonl [-config F] [-v]               precision, recall and F1 per topic
  briefbot eval stories -gold FILE -items FILE [-window 72h] [-v]        pairwise and B-cubed P/R/F1 beside the baselines
`)
	return errUsage
}

func evalSummarize(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "eval summarize", "-data DIR [-n 3 | -n ref] [-max-tokens 60]")
	data := fs.String("data", "", "directory in the BBC News Summary layout (<category>/articles, <category>/summaries)")
	n := fs.String("n", "3", "sentences per summary, or ref for as many as the reference has")
	maxTokens := fs.Int("max-tokens", 0, "score only the first N tokens of each summary (0: all)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fs.Usage()
		return errUsage
	}
	opt := sumeval.Options{Data: *data, MaxTokens: *maxTokens}
	if *n == "ref" {
		opt.RefLength = true
	} else if _, err := fmt.Sscanf(*n, "%d", &opt.N); err != nil || opt.N < 1 {
		fmt.Fprintf(app.Stderr, "-n %q: give a number of sentences or ref\n", *n)
		return errUsage
	}
	sum := func(body string, n int) []string {
		return summarize.Summarize(body, summarize.Options{N: n})
	}
	return sumeval.Run(ctx, opt, sum, app.Stdout)
}

func evalTopics(ctx context.Context, app *App, args []string) error {
	fs := flagSet(app, "eval topics", "-data FILE.jsonl [-config F] [-v]")
	data := fs.String("data", "", "JSON Lines file with id, title, text and labels")
	cfgPath := fs.String("config", "", "config file with topic definitions (default: built-in topics)")
	verbose := fs.Bool("v", false, "list the ids of false positives and false negatives")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *data == "" {
		fs.Usage()
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
	f, err := os.Open(*data)
	if err != nil {
		return err
	}
	defer f.Close()
	var ids []string
	for _, t := range m.Topics() {
		ids = append(ids, t.ID)
	}
	rep, err := topiceval.Evaluate(f, m.Match, ids)
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", *data, err)
	}
	rep.Print(app.Stdout, *verbose)
	return nil
}
