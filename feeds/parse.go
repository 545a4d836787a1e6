package feeds

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
	"github.com/mmcdole/gofeed/rss"

	"briefbot/brief"
)

// DefaultMaxBodyBytes caps a document, after decompression, when Options
// does not say otherwise, and for Parse.
const DefaultMaxBodyBytes = 10 << 20

// Parse reads a feed document without any network access: a file, a test
// fixture, a body fetched elsewhere. contentType may be "" (the bytes are
// sniffed; gzip is undone); feedURL becomes each article's FeedURL and the
// base for relative links; now is the fetch time, used for Fetched and for
// items without a usable date. An HTML page gives a *NotFeedError.
func Parse(data []byte, contentType, feedURL string, now time.Time) (*Result, error) {
	return parse(data, contentType, feedURL, feedURL, now, DefaultMaxBodyBytes)
}

// parse is Parse with the URL the document came from after redirects
// (baseURL), against which relative links resolve.
func parse(data []byte, contentType, feedURL, baseURL string, now time.Time, max int64) (*Result, error) {
	data, err := gunzipSniffed(data, max)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", RedactURL(feedURL), err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("parse %s: %d bytes, more than %d: %w", RedactURL(feedURL), len(data), max, ErrTooLarge)
	}
	doc := Normalize(data, contentType)
	if len(doc) == 0 {
		return nil, fmt.Errorf("parse %s: empty document", RedactURL(feedURL))
	}
	// The cap holds for the text as well as the bytes: decoding a legacy
	// charset to UTF-8 can make a document up to three times larger, and
	// the parser's memory grows with the text it is given. (The slack is
	// for the XML declaration Normalize rewrites to say UTF-8.)
	if int64(len(doc)) > max+64 {
		return nil, fmt.Errorf("parse %s: %d bytes once decoded to UTF-8, more than %d: %w", RedactURL(feedURL), len(doc), max, ErrTooLarge)
	}
	if looksLikeHTML(doc) {
		return nil, &NotFeedError{URL: feedURL, ContentType: contentType, Alternates: alternates(doc, baseURL)}
	}
	doc, err = checkShape(doc)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", RedactURL(feedURL), err)
	}
	feed, err := parseFeed(doc)
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, fmt.Errorf("parse %s: not an RSS, Atom or JSON feed (content type %q, starts %q)",
			RedactURL(feedURL), contentType, truncateWords(string(doc[:min(len(doc), 60)]), 40))
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", RedactURL(feedURL), err)
	}
	res := &Result{URL: feedURL, FinalURL: baseURL, TTL: feedTTL(feed)}
	res.Title = singleLine(fixMojibake(feed.Title))
	res.Articles = articles(feed, feedURL, baseURL, res.Title, now)
	return res, nil
}

// checkShape refuses, before gofeed sees it, a document too deep or too
// large in elements for gofeed to parse safely (see MaxDepth), and a JSON
// document that is no JSON Feed, which gofeed would read as an empty feed.
// It returns the document to parse: a JSON Feed with string tags comes
// back with lists in their place.
func checkShape(doc []byte) ([]byte, error) {
	switch doc[0] {
	case '<':
		return doc, checkXMLShape(doc)
	case '{', '[':
		shape, err := checkJSONShape(doc)
		switch {
		case err != nil:
			return nil, err
		case shape.syntaxError:
			return doc, nil // gofeed names the syntax error
		case !shape.feed:
			return nil, errors.New(`JSON but not a JSON Feed: no "version" naming jsonfeed.org and no "items" list at the top level`)
		case shape.stringTags:
			return listifyTags(doc)
		}
	}
	return doc, nil
}

// parseFeed runs gofeed, turning a panic on a hostile document into an
// error so that one feed can never take the poller down.
func parseFeed(doc []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("feed parser panic: %v", r)
		}
	}()
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	p.RSSTranslator = textOnlyRSSTranslator{}
	return p.Parse(bytes.NewReader(doc))
}

// textOnlyRSSTranslator is gofeed's RSS translator without its search for
// an item's image in the item's HTML, which parses every description and
// content into a whole HTML tree (a 10 MB description took 60 MB more
// heap) to find an image this package does not use. The feed-level
// description is spared the same way.
type textOnlyRSSTranslator struct{ gofeed.DefaultRSSTranslator }

func (t textOnlyRSSTranslator) Translate(feed any) (*gofeed.Feed, error) {
	rf, ok := feed.(*rss.Feed)
	if !ok {
		return t.DefaultRSSTranslator.Translate(feed)
	}
	type texts struct{ description, content string }
	saved := make([]texts, len(rf.Items))
	for i, it := range rf.Items {
		if it != nil {
			saved[i] = texts{it.Description, it.Content}
			it.Description, it.Content = "", ""
		}
	}
	feedDescription := rf.Description
	rf.Description = ""
	out, err := t.DefaultRSSTranslator.Translate(rf)
	rf.Description = feedDescription
	for i, it := range rf.Items {
		if it != nil {
			it.Description, it.Content = saved[i].description, saved[i].content
		}
	}
	if err != nil || out == nil {
		return out, err
	}
	// The translator maps items one to one; it prefers the item's own
	// description and content over the fallbacks it used when they were
	// blank, so those are put back as it would have chosen them.
	if len(out.Items) == len(rf.Items) {
		for i, it := range out.Items {
			if it == nil {
				continue
			}
			if saved[i].description != "" {
				it.Description = saved[i].description
			}
			if saved[i].content != "" {
				it.Content = saved[i].content
			}
		}
	}
	if feedDescription != "" {
		out.Description = feedDescription
	}
	return out, nil
}

// feedTTL reads how long an RSS feed says it may be cached: <ttl> in
// minutes, else the syndication module's updatePeriod/updateFrequency.
func feedTTL(feed *gofeed.Feed) time.Duration {
	orig, ok := feed.OriginalFeed().(*rss.Feed)
	if !ok {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(orig.TTL)); err == nil && n > 0 && n <= 7*24*60 {
		return time.Duration(n) * time.Minute
	}
	period := map[string]time.Duration{
		"hourly": time.Hour, "daily": 24 * time.Hour, "weekly": 7 * 24 * time.Hour,
		"monthly": 30 * 24 * time.Hour, "yearly": 365 * 24 * time.Hour,
	}[strings.ToLower(extValue(orig.Extensions, "sy", "updatePeriod"))]
	if period == 0 {
		return 0
	}
	freq, err := strconv.Atoi(extValue(orig.Extensions, "sy", "updateFrequency"))
	if err != nil || freq < 1 {
		freq = 1
	}
	return period / time.Duration(freq)
}

func extValue(exts ext.Extensions, ns, name string) string {
	for _, e := range exts[ns][name] {
		if v := strings.TrimSpace(e.Value); v != "" {
			return v
		}
	}
	return ""
}

// articles converts the items, dropping empty ones and repeats of an ID.
func articles(feed *gofeed.Feed, feedURL, baseURL, source string, now time.Time) []brief.Article {
	base, _ := url.Parse(baseURL)
	if l := resolveLink(base, feed.Link); l != nil {
		base = l
	}
	if source == "" && base != nil {
		source = base.Hostname()
	}
	fetched := now.UTC()
	out := make([]brief.Article, 0, len(feed.Items))
	seen := map[string]bool{}
	for _, it := range feed.Items {
		if it == nil {
			continue
		}
		a := brief.Article{FeedURL: feedURL, Source: source, Fetched: fetched}
		a.Link = itemLink(it, base)
		a.Text = longer(htmlToText(fixMojibake(it.Content)), htmlToText(fixMojibake(it.Description)))
		a.Title = singleLine(fixMojibake(it.Title))
		if a.Title == "" {
			first, _, _ := strings.Cut(a.Text, "\n")
			a.Title = truncateWords(first, 100)
		}
		if a.Title == "" && a.Text == "" && a.Link == "" {
			continue
		}
		a.Published = itemTime(it, now)
		a.ID = articleID(it, a, feedURL)
		if seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	return out
}

func longer(a, b string) string {
	if utf8.RuneCountInString(b) > utf8.RuneCountInString(a) {
		return b
	}
	return a
}

// itemLink is the canonical form of the item's article URL: FeedBurner's
// origLink (the publisher's URL behind a feedproxy redirect) when present,
// else its link, else a GUID that is an http URL (RSS 2.0 permalinks).
// Relative links resolve against the feed's site link or its URL.
func itemLink(it *gofeed.Item, base *url.URL) string {
	candidates := []string{extValue(it.Extensions, "feedburner", "origLink"), it.Link}
	candidates = append(candidates, it.Links...)
	if g := strings.ToLower(strings.TrimSpace(it.GUID)); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		candidates = append(candidates, it.GUID)
	}
	for _, c := range candidates {
		u := resolveLink(base, c)
		if u == nil {
			continue
		}
		if s, err := CanonicalURL(u.String()); err == nil {
			return withAnchor(s, u)
		}
	}
	return ""
}

// withAnchor appends u's fragment to canonical, the canonical form of u,
// when the fragment is an anchor: a feed whose items are sections of one
// page (a daily page, a live blog) tells them apart only by it, and
// dropping it merged 50 items into 7. A fragment that looks like
// parameters ("#xtor=RSS-3208", "#ref=rss") tracks a click and is
// dropped, as CanonicalURL drops tracking query parameters; so is one
// that is not an identifier at all.
// Anchors that are page furniture ("#comments", "#more-123") rather than a
// section of their own are dropped too, so the article and its comments
// link stay one article.
func withAnchor(canonical string, u *url.URL) string {
	if !anchorRE.MatchString(u.Fragment) || furnitureAnchor(u.Fragment) {
		return canonical
	}
	return canonical + "#" + u.EscapedFragment()
}

// anchorRE matches a fragment that names a place in a page: an identifier
// ("post-7", "2024-01-02", "entry:12"), or a "#!/path" route. Parameters
// ("xtor=RSS-3208") and junk ("#", "%23") do not.
var anchorRE = regexp.MustCompile(`^!?/?[\p{L}\p{N}][\p{L}\p{N}_.:/~-]*$`)

func furnitureAnchor(frag string) bool {
	f := strings.ToLower(frag)
	switch f {
	case "comments", "comment", "respond", "reply", "more", "top", "main", "content",
		"main-content", "disqus_thread", "comment-form", "article", "story":
		return true
	}
	return strings.HasPrefix(f, "more-") || strings.HasPrefix(f, "comments-")
}

// resolveLink resolves ref against base and returns it only when the result
// is an absolute http(s) URL.
func resolveLink(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// publisherOf is the scheme and host of the article's link, or the feed URL
// when the article has no link.
func publisherOf(link, feedURL string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
		return u.Scheme + "://" + u.Host
	}
	return feedURL
}

// articleID is the stable key of an article (see brief.Article.ID):
//
//   - a GUID that is an http(s) URL, in canonical form, keeping an
//     anchor fragment (see withAnchor);
//   - a tag: (RFC 4151) or urn: (RFC 8141) GUID, globally unique by
//     construction, as it is;
//   - any other GUID ("12345", "post-7") prefixed with the publisher (the
//     scheme and host of the item's link, else the feed URL) and "#":
//     such GUIDs are unique only within their publisher and would
//     otherwise merge unrelated articles of two publishers, while the
//     same publisher's article in two of its feeds (World and Middle
//     East) keeps one ID, and moving a feed to another address does not
//     make its items new;
//   - else the canonical link, likewise with its anchor;
//   - else a hash of the feed URL, title, date string and text.
func articleID(it *gofeed.Item, a brief.Article, feedURL string) string {
	guid := strings.TrimSpace(it.GUID)
	if guid != "" {
		if c, err := CanonicalURL(guid); err == nil {
			if u, err := url.Parse(guid); err == nil {
				c = withAnchor(c, u)
			}
			return c
		}
		if lower := strings.ToLower(guid); strings.HasPrefix(lower, "tag:") || strings.HasPrefix(lower, "urn:") {
			return guid
		}
		return publisherOf(a.Link, feedURL) + "#" + guid
	}
	if a.Link != "" {
		return a.Link
	}
	h := sha256.New()
	for _, s := range []string{feedURL, a.Title, it.Published, it.Updated, a.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "urn:sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}
