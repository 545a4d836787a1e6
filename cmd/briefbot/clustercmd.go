package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"briefbot/internal/storyeval"
	"briefbot/stories"
)

// cmdCluster groups JSON Lines {"id","title","text","published"} on stdin
// into stories and writes {"id","story"} per item, in input order.
func cmdCluster(_ context.Context, app *App, args []string) error {
	fs := flagSet(app, "cluster", "[-window 72h] < items.jsonl")
	window := fs.Duration("window", 72*time.Hour, "how far an article may be from a story's first article and still join it")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *window <= 0 {
		fmt.Fprintf(app.Stderr, "-window %s: give a positive duration such as 72h\n", *window)
		return errUsage
	}
	items, err := storyeval.ReadItems(io.LimitReader(app.Stdin, maxClusterInput))
	if err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	got := clusterItems(items, *window)
	enc := json.NewEncoder(app.Stdout)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(struct {
			ID    string `json:"id"`
			Story string `json:"story"`
		}{it.ID, got[it.ID]}); err != nil {
			return err
		}
	}
	return nil
}

// maxClusterInput bounds the batch cluster reads: far above any evaluation
// set, far below what would exhaust memory.
const maxClusterInput = 512 << 20

// clusterItems groups items into stories with the same clusterer the
// ingest uses, returning each item's story ID by item ID.
func clusterItems(items []storyeval.Item, window time.Duration) map[string]string {
	arts := make([]stories.Article, len(items))
	for i, it := range items {
		arts[i] = stories.Article{ID: it.ID, Title: it.Title, Text: it.Text, Published: it.Time()}
	}
	ids := stories.Cluster(arts, stories.Options{Window: window})
	out := make(map[string]string, len(items))
	for i, it := range items {
		out[it.ID] = ids[i]
	}
	return out
}

func evalStories(_ context.Context, app *App, args []string) error {
	fs := flagSet(app, "eval stories", "-gold FILE.jsonl -items FILE.jsonl [-window 72h] [-v]")
	goldPath := fs.String("gold", "", "JSON Lines {id, story}: the hand-labelled stories")
	itemsPath := fs.String("items", "", "JSON Lines {id, title, text, published}: the items to cluster")
	window := fs.Duration("window", 72*time.Hour, "the clusterer's time window")
	verbose := fs.Bool("v", false, "list the false merges and the missed pairs")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *goldPath == "" || *itemsPath == "" {
		fs.Usage()
		return errUsage
	}
	items, err := readJSONLFile(*itemsPath, storyeval.ReadItems)
	if err != nil {
		return err
	}
	gold, err := readJSONLFile(*goldPath, storyeval.ReadGold)
	if err != nil {
		return err
	}
	rep := storyeval.Evaluate(items, gold, func(items []storyeval.Item) map[string]string {
		return clusterItems(items, *window)
	})
	rep.Print(app.Stdout, "briefbot cluster -window "+shortDuration(*window), *verbose)
	return nil
}

func readJSONLFile[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("read %s: %w", path, err)
	}
	return v, nil
}

// shortDuration writes 72h rather than 72h0m0s.
func shortDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
