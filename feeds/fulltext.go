package feeds

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

const acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// FullText fetches an article page under the same rules as Fetch (address
// checks, redirects, deadline, body cap, concurrency limits) and returns
// its main text, found by readability and rendered as plain text with
// paragraphs separated by a blank line. Results are kept in a small LRU
// cache keyed by the canonical URL, so a page shared by several feeds is
// fetched once. Callers fall back to the feed's text on any error: a
// *StatusError, ErrNoContent, or the wrapped errors Fetch returns.
func (f *Fetcher) FullText(ctx context.Context, pageURL string) (string, error) {
	key, err := CanonicalURL(pageURL)
	if err != nil {
		return "", fmt.Errorf("full text %s: %w", RedactURL(pageURL), err)
	}
	if text, ok := f.cache.get(key); ok {
		return text, nil
	}
	resp, err := f.get(ctx, pageURL, acceptHTML, "", "")
	if _, ok := errors.AsType[*StatusError](err); ok {
		return "", err
	}
	if err != nil {
		return "", fmt.Errorf("full text %s: %w", RedactURL(pageURL), err)
	}
	text, err := extractText(resp.body, resp.header.Get("Content-Type"), resp.finalURL)
	if err != nil {
		return "", fmt.Errorf("full text %s: %w", RedactURL(pageURL), err)
	}
	f.cache.put(key, text)
	return text, nil
}

// extractText runs readability over an HTML page.
func extractText(body []byte, contentType, pageURL string) (string, error) {
	decoded := decodeHTML(body, contentType)
	if err := checkPageShape(decoded); err != nil {
		return "", err
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	p := readability.NewParser()
	art, err := p.Parse(bytes.NewReader(decoded), base)
	if err != nil {
		return "", err
	}
	if art.Node == nil {
		return "", ErrNoContent
	}
	var buf bytes.Buffer
	if err := html.Render(&buf, art.Node); err != nil {
		return "", err
	}
	text := htmlToText(fixMojibake(buf.String()))
	if text == "" {
		return "", ErrNoContent
	}
	return text, nil
}

// maxPageNodes bounds the elements and text runs of a page given to
// readability, which builds the whole tree and works on copies of it: a
// 10 MB page of flat <p>x</p> took 600 MB. A heavy news page holds about
// 20,000.
const maxPageNodes = 2 * MaxElements

// checkPageShape counts a page's start tags and text runs with the HTML
// tokenizer, which keeps only the current token, and refuses the page
// beyond maxPageNodes with an error wrapping ErrTooComplex. (Nesting needs
// no check: the HTML parser refuses more than 512 open elements itself.)
func checkPageShape(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	nodes := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken, html.TextToken:
			nodes++
			if nodes > maxPageNodes {
				return fmt.Errorf("page has more than %d elements and text runs: %w", maxPageNodes, ErrTooComplex)
			}
		}
	}
}

// decodeHTML converts a page to UTF-8 by the same policy as Normalize:
// valid UTF-8 is taken as it is; otherwise the WHATWG sniffing rules (BOM,
// HTTP charset, <meta>) decide, except that an HTTP charset of UTF-8, shown
// wrong by the bytes, gives way to the page's <meta>; and bytes that are
// still not decodable are read as UTF-8 with windows-1252 for stray bytes.
func decodeHTML(body []byte, contentType string) []byte {
	if utf8.Valid(body) {
		return body
	}
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		enc, name, _ = charset.DetermineEncoding(body, "")
	}
	if name == "utf-8" {
		return []byte(lenientUTF8(body))
	}
	decoded, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return []byte(lenientUTF8(body))
	}
	return decoded
}

// lru is a fixed-size least-recently-used cache of extracted texts.
type lru struct {
	mu    sync.Mutex
	max   int
	order *list.List // front is most recent; values are *lruEntry
	items map[string]*list.Element
}

type lruEntry struct{ key, text string }

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry).text, true
}

func (c *lru) put(key, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*lruEntry).text = text
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&lruEntry{key, text})
	for c.order.Len() > c.max {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruEntry).key)
	}
}
