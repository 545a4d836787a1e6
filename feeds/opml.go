package feeds

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Outline is one feed in an OPML subscription list.
type Outline struct {
	URL   string
	Title string
	// Category is the path of folders the feed sits in, joined with "/"
	// ("News/World"); empty at the top level.
	Category string
}

// ReadOPML reads an OPML 1.0 or 2.0 subscription list. Every outline with
// an xmlUrl is a feed; outlines without one are folders, whose titles
// become the Category of the feeds inside them, nested folders joined with
// "/". A feed outside any folder takes its OPML 2.0 category attribute.
// The title is the title attribute, else text, else the URL. Repeated URLs
// are kept once.
//
// Each outline whose xmlUrl is not an absolute http or https URL is
// reported in the error, with its line and title, and left out; the valid
// outlines are returned alongside, so a caller can import them or refuse
// the whole file. A document that is not OPML, or has no feeds, gives only
// an error.
func ReadOPML(r io.Reader) ([]Outline, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	d.Entity = xml.HTMLEntity
	type frame struct {
		feed  bool
		label string
	}
	var (
		stack   []frame
		out     []Outline
		errs    []error
		seen    = map[string]bool{}
		sawRoot bool
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read OPML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := d.InputPos()
			if !sawRoot {
				if !strings.EqualFold(t.Name.Local, "opml") {
					return nil, fmt.Errorf("read OPML: line %d: root element is <%s>, not <opml>", line, t.Name.Local)
				}
				sawRoot = true
				continue
			}
			if !strings.EqualFold(t.Name.Local, "outline") {
				continue
			}
			attr := func(name string) string {
				for _, a := range t.Attr {
					if strings.EqualFold(a.Name.Local, name) {
						return strings.TrimSpace(a.Value)
					}
				}
				return ""
			}
			label := attr("title")
			if label == "" {
				label = attr("text")
			}
			raw := attr("xmlUrl")
			if raw == "" {
				stack = append(stack, frame{label: strings.Trim(plainLine(label), "/ ")})
				continue
			}
			stack = append(stack, frame{feed: true})
			if _, err := checkURL(raw); err != nil {
				errs = append(errs, fmt.Errorf("line %d: outline %q: xmlUrl %q: %w", line, label, raw, err))
				continue
			}
			if seen[raw] {
				continue
			}
			seen[raw] = true
			o := Outline{URL: raw, Title: plainLine(label)}
			if o.Title == "" {
				o.Title = raw
			}
			var path []string
			for _, fr := range stack[:len(stack)-1] {
				if !fr.feed && fr.label != "" {
					path = append(path, fr.label)
				}
			}
			o.Category = strings.Join(path, "/")
			if o.Category == "" {
				first, _, _ := strings.Cut(attr("category"), ",")
				o.Category = strings.Trim(strings.TrimSpace(first), "/")
			}
			out = append(out, o)
		case xml.EndElement:
			if strings.EqualFold(t.Name.Local, "outline") && len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if !sawRoot {
		return nil, errors.New("read OPML: empty document")
	}
	if len(out) == 0 && len(errs) == 0 {
		return nil, errors.New("read OPML: no feed outlines (outlines with an xmlUrl)")
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("read OPML: %w", errors.Join(errs...))
	}
	return out, nil
}

type opmlDoc struct {
	XMLName xml.Name       `xml:"opml"`
	Version string         `xml:"version,attr"`
	Title   string         `xml:"head>title"`
	Body    []*opmlOutline `xml:"body>outline"`
}

type opmlOutline struct {
	Type     string         `xml:"type,attr,omitempty"`
	Text     string         `xml:"text,attr"`
	Title    string         `xml:"title,attr,omitempty"`
	XMLURL   string         `xml:"xmlUrl,attr,omitempty"`
	Children []*opmlOutline `xml:"outline"`
}

// WriteOPML writes feeds as an OPML 2.0 subscription list: a folder
// outline per category level, in the order categories first appear, and a
// type="rss" outline per feed. ReadOPML reads it back to the same
// outlines. It fails, writing nothing, when a URL is not absolute http(s).
func WriteOPML(w io.Writer, title string, feeds []Outline) error {
	doc := opmlDoc{Version: "2.0", Title: title}
	folders := map[string]*opmlOutline{}
	var errs []error
	for _, fd := range feeds {
		if _, err := checkURL(fd.URL); err != nil {
			errs = append(errs, fmt.Errorf("feed %q: %w", fd.URL, err))
			continue
		}
		name := fd.Title
		if name == "" {
			name = fd.URL
		}
		item := &opmlOutline{Type: "rss", Text: name, Title: name, XMLURL: fd.URL}
		parent := &doc.Body
		path := ""
		for part := range strings.SplitSeq(fd.Category, "/") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			path += "/" + part
			folder := folders[path]
			if folder == nil {
				folder = &opmlOutline{Text: part, Title: part}
				folders[path] = folder
				*parent = append(*parent, folder)
			}
			parent = &folder.Children
		}
		*parent = append(*parent, item)
	}
	if len(errs) > 0 {
		return fmt.Errorf("write OPML: %w", errors.Join(errs...))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	return nil
}

// plainLine collapses whitespace in text that is not markup.
func plainLine(s string) string { return strings.Join(strings.Fields(s), " ") }
