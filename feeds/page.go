package feeds

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// looksLikeHTML reports whether a normalised document is an HTML page: its
// doctype names html as the root element, or its first element is html,
// head or body. A feed
// served as text/html is still a feed; only the bytes decide.
func looksLikeHTML(doc []byte) bool {
	rest := doc[:min(len(doc), 8192)]
	for {
		rest = bytes.TrimLeft(rest, " \t\r\n")
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest, []byte("?>"))
			if end < 0 {
				return false
			}
			rest = rest[end+2:]
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return false
			}
			rest = rest[end+3:]
		case len(rest) >= 9 && bytes.EqualFold(rest[:9], []byte("<!doctype")):
			// The doctype names the root element. Only that name counts:
			// an RSS doctype may declare HTML's entity sets
			// (<!ENTITY % HTMLlat1 PUBLIC "..." "xhtml-lat1.ent">).
			name := bytes.TrimLeft(rest[9:], " \t\r\n")
			if i := bytes.IndexAny(name, " \t\r\n[>"); i >= 0 {
				name = name[:i]
			}
			if bytes.EqualFold(name, []byte("html")) {
				return true
			}
			rest = rest[skipDirective(rest, 2):]
		case bytes.HasPrefix(rest, []byte("<")):
			name := rest[1:]
			if i := bytes.IndexAny(name, " \t\r\n>/"); i >= 0 {
				name = name[:i]
			}
			switch strings.ToLower(string(name)) {
			case "html", "head", "body":
				return true
			}
			return false
		default:
			return false
		}
	}
}

// feedTypes are the media types of <link rel="alternate"> elements that
// point at feeds. application/json is left out: WordPress advertises its
// REST API with it.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
	"application/xml":       true,
	"text/xml":              true,
}

// alternates returns the absolute URLs of the feeds an HTML page
// advertises, resolved against its <base href> or pageURL, without
// duplicates and in document order.
func alternates(doc []byte, pageURL string) []string {
	base, _ := url.Parse(pageURL)
	var out []string
	seen := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		a := atom.Lookup(name)
		if a == atom.Body {
			// Feeds are advertised in the head; the body can be huge.
			return out
		}
		if !hasAttr || (a != atom.Link && a != atom.Base) {
			continue
		}
		attrs := map[string]string{}
		for {
			k, v, more := z.TagAttr()
			attrs[string(k)] = strings.TrimSpace(string(v))
			if !more {
				break
			}
		}
		if a == atom.Base {
			if b, err := url.Parse(attrs["href"]); err == nil && attrs["href"] != "" {
				if base != nil {
					b = base.ResolveReference(b)
				}
				base = b
			}
			continue
		}
		if !hasToken(attrs["rel"], "alternate") || !feedTypes[mediaType(attrs["type"])] || attrs["href"] == "" {
			continue
		}
		ref, err := url.Parse(attrs["href"])
		if err != nil {
			continue
		}
		if base != nil {
			ref = base.ResolveReference(ref)
		}
		if ref.Scheme != "http" && ref.Scheme != "https" {
			continue
		}
		if s := ref.String(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
}

func hasToken(list, tok string) bool {
	for f := range strings.FieldsSeq(strings.ToLower(list)) {
		if f == tok {
			return true
		}
	}
	return false
}

func mediaType(ct string) string {
	ct, _, _ = strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(ct))
}
