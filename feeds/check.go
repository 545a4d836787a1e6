package feeds

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Check fetches a feed URL (http or https) or reads a file and parses it,
// for `briefbot feeds check`. A file's articles get its absolute path as
// FeedURL; a file is read up to MaxBodyBytes and may be gzipped.
func (f *Fetcher) Check(ctx context.Context, target string) (*Result, error) {
	lower := strings.ToLower(strings.TrimSpace(target))
	if strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		return f.Fetch(ctx, Request{URL: strings.TrimSpace(target)})
	}
	path, err := filepath.Abs(target)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", target, err)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", target, err)
	}
	defer file.Close()
	data, err := readCapped(file, f.opt.MaxBodyBytes)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", target, err)
	}
	return parse(data, "", path, path, f.opt.Now(), f.opt.MaxBodyBytes)
}
