package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"briefbot/brief"
	"briefbot/config"
	"briefbot/feeds"
	"briefbot/store"
)

// Feed management without editing YAML: feeds added here live in the store
// beside those imported from OPML, and `run` polls them with the config
// file's feeds.

// maxFeedTitle bounds a title given on the command line, like a feed's own.
const maxFeedTitle = 200

// targetChecker vets feed URLs against the private-network rule: refused
// unless -allow-private or polling.allow_private_networks allows them.
func targetChecker(cfg *config.Config, allowFlag bool) *feeds.Fetcher {
	return feeds.New(fetcherOptions(cfg, allowFlag))
}

// vetTarget checks one URL with a bounded wait, adding how to allow a
// private address when that is what was refused. A name that does not
// resolve now cannot be judged: it is accepted with a warning on w, and
// the fetcher's dial-time check judges it at each poll.
func vetTarget(ctx context.Context, w io.Writer, f *feeds.Fetcher, raw string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := f.CheckTarget(ctx, raw)
	if _, ok := errors.AsType[*net.DNSError](err); ok {
		fmt.Fprintf(w, "warning: %v; added anyway, and checked again at each poll\n", err)
		return nil
	}
	if errors.Is(err, feeds.ErrBlockedAddress) {
		return fmt.Errorf("%w (a feed on your own network? pass -allow-private, or set polling.allow_private_networks: true)", err)
	}
	return err
}

func feedsAdd(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds add", "[-config F] [-db PATH] [-title T] [-folder F] [-allow-private] URL")
	title := fs.String("title", "", "the feed's name in briefings (default: the feed's own title)")
	folder := fs.String("folder", "", "the folder (OPML category) to file it under")
	allow := fs.Bool("allow-private", false, "allow a feed on loopback or a private network")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	raw := strings.TrimSpace(pos[0])
	if len(raw) > 2048 {
		return errors.New("the URL is longer than 2048 bytes; feeds that long are refused")
	}
	t, fo := oneLine(*title), oneLine(*folder)
	if len([]rune(t)) > maxFeedTitle || len([]rune(fo)) > maxFeedTitle {
		return fmt.Errorf("-title and -folder take at most %d characters", maxFeedTitle)
	}
	cfg, st, err := sf.open(ctx, app, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := vetTarget(ctx, app.Stderr, targetChecker(cfg, *allow), raw); err != nil {
		return fmt.Errorf("not added: %w", err)
	}
	if slices.ContainsFunc(cfg.Feeds, func(f config.Feed) bool { return f.URL == raw }) {
		fmt.Fprintf(app.Stdout, "%s is already in the config file's feeds\n", feeds.RedactURL(raw))
		return nil
	}
	err = st.AddFeed(ctx, store.FeedSpec{URL: raw, Title: t, Category: fo, Added: time.Now().UTC()})
	switch {
	case errors.Is(err, brief.ErrDuplicate):
		fmt.Fprintf(app.Stdout, "%s is already in the feed list\n", feeds.RedactURL(raw))
		return nil
	case err != nil:
		return fmt.Errorf("add %s: %w", feeds.RedactURL(raw), err)
	}
	fmt.Fprintf(app.Stdout, "added %s; a running bot polls it in its next cycle\n", feeds.RedactURL(raw))
	return nil
}

func feedsRemove(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds remove", "[-config F] [-db PATH] URL")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errUsage
	}
	raw := strings.TrimSpace(pos[0])
	cfg, st, err := sf.open(ctx, app, true)
	if err != nil {
		return err
	}
	defer st.Close()
	err = st.RemoveFeed(ctx, raw)
	switch {
	case errors.Is(err, brief.ErrNotFound) && slices.ContainsFunc(cfg.Feeds, func(f config.Feed) bool { return f.URL == raw }):
		return fmt.Errorf("%s is listed in the config file %s; remove it there", feeds.RedactURL(raw), cfg.File)
	case errors.Is(err, brief.ErrNotFound):
		return fmt.Errorf("%s is not in the feed list; see `briefbot feeds list` for the exact URL", feeds.RedactURL(raw))
	case err != nil:
		return fmt.Errorf("remove %s: %w", feeds.RedactURL(raw), err)
	}
	fmt.Fprintf(app.Stdout, "removed %s\n", feeds.RedactURL(raw))
	return nil
}

func feedsList(ctx context.Context, app *App, args []string) error {
	sf, fs := addStoreFlags(app, "feeds list", "[-config F] [-db PATH]")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg, st, err := sf.open(ctx, app, true)
	if err != nil {
		return err
	}
	defer st.Close()
	all, err := allFeeds(ctx, cfg, st)
	if err != nil {
		return fmt.Errorf("list feeds: %w", err)
	}
	if len(all) == 0 {
		fmt.Fprintln(app.Stdout, "No feeds: add one with `briefbot feeds add URL`, import an OPML file, or list them in the config file.")
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tTITLE\tFOLDER\tFROM")
	for _, f := range all {
		from := "config"
		if !f.FromConfig {
			from = "added " + f.Added.UTC().Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", feeds.RedactURL(f.URL), cell(f.Title), cell(f.Category), from)
	}
	return tw.Flush()
}

// cell is a table cell: one line, clipped, "-" when empty.
func cell(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, oneLine(s))
	if s = clipText(s, 60); s == "" {
		return "-"
	}
	return s
}

// vetOutlines refuses an OPML file whose feeds point at private addresses
// (or do not resolve) unless allowed, as `feeds add` does; with skip it
// drops those outlines, saying which, and imports the rest.
func vetOutlines(ctx context.Context, app *App, cfg *config.Config, allow, skip bool, file string, outlines []feeds.Outline) ([]feeds.Outline, error) {
	f := targetChecker(cfg, allow)
	var ok []feeds.Outline
	var errs []error
	for _, o := range outlines {
		if err := vetTarget(ctx, app.Stderr, f, o.URL); err != nil {
			errs = append(errs, err)
			continue
		}
		ok = append(ok, o)
	}
	if len(errs) == 0 {
		return ok, nil
	}
	if !skip {
		return nil, fmt.Errorf("%s: %d feeds refused, nothing imported (fix them, or pass -skip-invalid to import the %d others):\n%w",
			file, len(errs), len(ok), indent(errors.Join(errs...)))
	}
	fmt.Fprintf(app.Stderr, "skipping refused feeds in %s:\n%v\n", file, indent(errors.Join(errs...)))
	return ok, nil
}
