package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits on a document's shape, checked by streaming over it before gofeed
// sees it. gofeed's parsers recurse once per nested element (an extension
// element inside an extension element ...), so two million nested
// elements overflow the goroutine stack, which Go cannot recover from: the
// whole process dies. Each element and attribute also costs gofeed a few
// hundred bytes of heap, and gofeed parses an RSS item's description into
// an HTML tree (looking for an image), so a flat document of millions of
// tiny elements, attributes or escaped tags needs gigabytes. Real feeds
// nest at most about ten deep (an Atom entry's XHTML content a few more)
// and hold a few thousand elements and tags: the largest we have seen, a
// 2.7 MB feed of 40 full articles, about 7,400. The limits leave ample
// room above that while keeping a document under the body cap within
// about 100 MB of parser memory.
const (
	// MaxDepth is how deeply a document's elements (XML) or values (JSON)
	// may nest.
	MaxDepth = 256
	// MaxElements is how many elements, attributes and HTML tags inside
	// text (XML), or values (JSON), a document may hold.
	MaxElements = 50_000
	// maxTagAttrs bounds the attributes of one tag. encoding/xml reads a
	// whole start tag before returning it, so this is checked on the raw
	// bytes first; no real tag comes near it.
	maxTagAttrs = 1024
)

// ErrTooComplex means a document nests deeper than MaxDepth or holds more
// than MaxElements elements. It is wrapped with the feed URL and the limit
// the document broke; retrying will not help.
var ErrTooComplex = errors.New("document too complex")

// checkXMLShape walks an XML document's tokens the way gofeed's decoder
// sees them (encoding/xml, not strict) and refuses it when it breaks
// MaxDepth or MaxElements. The walk keeps only the open elements, so its
// memory is bounded by MaxDepth whatever the document. A syntax error ends
// the walk without a verdict: gofeed meets the same error at the same
// place, having seen no more than was checked, and reports it.
func checkXMLShape(doc []byte) error {
	if err := checkTagAttrs(doc); err != nil {
		return err
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	// The document is UTF-8 by now (Normalize); any other label is stale.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	depth, elements := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			elements += 1 + len(t.Attr)
			if depth > MaxDepth {
				return fmt.Errorf("elements nest more than %d deep (line %d): %w", MaxDepth, lineOf(d), ErrTooComplex)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			// Escaped or CDATA markup: HTML that gofeed and htmlToText
			// will parse.
			elements += bytes.Count(t, []byte("<"))
		}
		if elements > MaxElements {
			return fmt.Errorf("more than %d elements, attributes and tags in text (line %d): %w", MaxElements, lineOf(d), ErrTooComplex)
		}
	}
}

// checkTagAttrs refuses a document with a tag of more than maxTagAttrs
// attributes. It lexes the bytes the way encoding/xml does (comments,
// CDATA sections, processing instructions and directives are skipped
// whole; a quote opens a value only after "="), counting the "=" signs of
// each start tag, and allocates nothing.
func checkTagAttrs(doc []byte) error {
	skipPast := func(i int, end string) int {
		if k := bytes.Index(doc[i:], []byte(end)); k >= 0 {
			return i + k + len(end)
		}
		return len(doc)
	}
	for i := 0; i < len(doc); {
		k := bytes.IndexByte(doc[i:], '<')
		if k < 0 {
			return nil
		}
		i += k
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(i+4, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(i+9, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(i+2, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipDirective(doc, i+2)
		default:
			start := i
			attrs := 0
			i = scanTag(doc, i+1, &attrs)
			if attrs > maxTagAttrs {
				return fmt.Errorf("a tag with more than %d attributes (byte %d): %w", maxTagAttrs, start, ErrTooComplex)
			}
		}
	}
	return nil
}

// scanTag reads a tag from just after its "<" to just after its ">",
// counting its attributes, and returns the offset after it.
func scanTag(doc []byte, i int, attrs *int) int {
	afterEq := false
	for ; i < len(doc); i++ {
		switch c := doc[i]; {
		case c == '>':
			return i + 1
		case c == '=':
			*attrs++
			afterEq = true
		case (c == '"' || c == '\'') && afterEq:
			k := bytes.IndexByte(doc[i+1:], c)
			if k < 0 {
				return len(doc)
			}
			i += 1 + k
			afterEq = false
		case isXMLSpace(c):
		default:
			afterEq = false
		}
	}
	return i
}

// skipDirective skips a <!DOCTYPE ...> or other directive from just after
// its "<!", through quoted strings, comments and a nested internal subset,
// as encoding/xml does.
func skipDirective(doc []byte, i int) int {
	depth := 0
	for ; i < len(doc); i++ {
		switch c := doc[i]; c {
		case '"', '\'':
			k := bytes.IndexByte(doc[i+1:], c)
			if k < 0 {
				return len(doc)
			}
			i += 1 + k
		case '<':
			if bytes.HasPrefix(doc[i:], []byte("<!--")) {
				k := bytes.Index(doc[i+4:], []byte("-->"))
				if k < 0 {
					return len(doc)
				}
				i += 4 + k + 2
				continue
			}
			depth++
		case '>':
			if depth == 0 {
				return i + 1
			}
			depth--
		}
	}
	return i
}

func lineOf(d *xml.Decoder) int {
	line, _ := d.InputPos()
	return line
}

// jsonShape is what checkJSONShape learns of a JSON document.
type jsonShape struct {
	// feed is true when the top level is an object with a "version" that
	// names jsonfeed.org or an "items" array: a JSON Feed.
	feed bool
	// stringTags is true when some item's "tags" is a string rather than
	// the list of strings JSON Feed 1.1 specifies.
	stringTags bool
	// syntaxError is true when the walk stopped at malformed JSON, so
	// feed may be false only because the walk never reached the keys.
	syntaxError bool
}

// checkJSONShape streams over a JSON document's tokens, refusing it when it
// breaks MaxDepth or MaxElements, and reports whether it is a JSON Feed at
// all. A syntax error gives no verdict; the decoder that follows reports it.
func checkJSONShape(doc []byte) (jsonShape, error) {
	var shape jsonShape
	d := json.NewDecoder(bytes.NewReader(doc))
	// path holds, per open container, its kind and the key being read.
	type frame struct {
		object    bool
		key       string
		expectKey bool
	}
	var path []frame
	elements := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return shape, nil
		}
		if err != nil {
			shape.syntaxError = true
			return shape, nil
		}
		if delim, ok := tok.(json.Delim); ok && (delim == '}' || delim == ']') {
			path = path[:len(path)-1]
			if n := len(path); n > 0 && path[n-1].object {
				path[n-1].expectKey = true
			}
			continue
		}
		if n := len(path); n > 0 && path[n-1].object && path[n-1].expectKey {
			path[n-1].key, _ = tok.(string)
			path[n-1].expectKey = false
			continue
		}
		// tok is a value: its place is path.
		elements++
		if elements > MaxElements {
			return shape, fmt.Errorf("more than %d JSON values (byte %d): %w", MaxElements, d.InputOffset(), ErrTooComplex)
		}
		switch {
		case len(path) == 1 && path[0].object:
			switch path[0].key {
			case "version":
				if s, ok := tok.(string); ok && strings.Contains(s, "jsonfeed.org/version/") {
					shape.feed = true
				}
			case "items":
				if tok == json.Delim('[') {
					shape.feed = true
				}
			}
		case len(path) == 3 && path[0].object && path[0].key == "items" && !path[1].object && path[2].object && path[2].key == "tags":
			if _, ok := tok.(string); ok {
				shape.stringTags = true
			}
		}
		if n := len(path); n > 0 && path[n-1].object {
			path[n-1].expectKey = true
		}
		if delim, ok := tok.(json.Delim); ok {
			if len(path) >= MaxDepth {
				return shape, fmt.Errorf("values nest more than %d deep (byte %d): %w", MaxDepth, d.InputOffset(), ErrTooComplex)
			}
			path = append(path, frame{object: delim == '{', expectKey: delim == '{'})
		}
	}
}

// listifyTags rewrites a JSON Feed whose items give "tags" as one string
// ("tags": "politics") into the list JSON Feed specifies, so that one
// off-spec field does not make the decoder refuse the whole feed. It is
// called only for documents checkJSONShape has bounded.
func listifyTags(doc []byte) ([]byte, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, err
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(top["items"], &items); err != nil {
		return nil, err
	}
	for _, it := range items {
		if tags := bytes.TrimSpace(it["tags"]); len(tags) > 0 && tags[0] == '"' {
			it["tags"] = json.RawMessage("[" + string(tags) + "]")
		}
	}
	raw, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	top["items"] = raw
	return json.Marshal(top)
}
