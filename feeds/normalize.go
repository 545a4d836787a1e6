package feeds

import (
	"bytes"
	"mime"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wlynxg/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode/utf32"

	xunicode "golang.org/x/text/encoding/unicode"
)

// Normalize turns a fetched document into UTF-8 that a strict-minded parser
// reads: it removes byte-order marks and leading whitespace or junk before
// the document, decodes the document's charset, drops characters XML 1.0
// forbids (§2.2) and character references to them, and rewrites the XML
// declaration to say UTF-8. contentType is the HTTP Content-Type, or "".
//
// The charset is chosen in this order, first match wins:
//
//  1. a byte-order mark (UTF-8, UTF-16, UTF-32), or UTF-16 without one,
//     recognised by the "<?" it starts with (XML 1.0 Appendix F);
//  2. UTF-8 when the bytes are valid UTF-8, whatever the labels say: a
//     legacy-charset document with non-ASCII text is almost never valid
//     UTF-8, while mislabelled UTF-8 is common;
//  3. the encoding in the XML declaration, unless it claims a Unicode form;
//  4. the charset parameter of the HTTP Content-Type, likewise;
//  5. the charset a detector finds in the bytes, when it is sure and it
//     is not a Latin one (see detectEncoding): an undeclared windows-1251
//     or GB2312 feed;
//  6. UTF-8 with each invalid byte read as windows-1252, which decodes
//     undeclared ISO-8859-1 and windows-1252 documents and rescues a
//     UTF-8 document with a few stray Latin-1 bytes.
//
// Rule 3 before 4 departs from RFC 7303 §3.2, which prefers the HTTP
// charset: servers attach a site-wide default charset far more often than
// feed generators declare the wrong one.
//
// Normalize never fails and is idempotent: Normalize(Normalize(d, ct), "")
// equals Normalize(d, ct).
func Normalize(doc []byte, contentType string) []byte {
	text := decodeDocument(doc, contentType)
	if hasForbiddenChars(text) {
		text = strings.Map(func(r rune) rune {
			if isXMLChar(r) {
				return r
			}
			return -1
		}, text)
	}
	text = mapC1(text)
	text = strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	text = cutLeadingJunk(text)
	decl := ""
	if strings.HasPrefix(text, "<") {
		decl, text = splitXMLDecl(text)
		text = dropBadCharRefs(text)
	}
	// One copy into the result: a document may be 10 MB.
	out := make([]byte, 0, len(decl)+len(text))
	return append(append(out, decl...), text...)
}

// mapC1 replaces the C1 controls U+0080 to U+009F with the windows-1252
// characters their bytes stand for: a feed's text was written in
// windows-1252 and converted as if it were ISO-8859-1, so U+0092 is the
// apostrophe of "don't" and U+0093 an opening quote. No feed means a C1
// control, and parsers trim U+0085 as white space. The five bytes
// windows-1252 leaves undefined stay as they are.
func mapC1(text string) string {
	if !hasC1(text) {
		return text
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r <= 0x9F {
			if c := charmap.Windows1252.DecodeByte(byte(r)); c != utf8.RuneError {
				return c
			}
		}
		return r
	}, text)
}

// hasC1 is a byte scan for U+0080 to U+009F, encoded C2 80 to C2 9F.
func hasC1(s string) bool {
	for i := strings.IndexByte(s, 0xC2); i >= 0 && i+1 < len(s); {
		if c := s[i+1]; c >= 0x80 && c <= 0x9F {
			return true
		}
		next := strings.IndexByte(s[i+1:], 0xC2)
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

// isXMLChar reports whether r may appear in an XML 1.0 document (§2.2).
func isXMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= 0x10FFFF:
		return true
	}
	return false
}

// hasForbiddenChars is a fast byte scan of valid UTF-8 for characters
// XML forbids: C0 controls other than tab, LF and CR, and U+FFFE, U+FFFF
// (EF BF BE, EF BF BF). Surrogates cannot occur in valid UTF-8.
func hasForbiddenChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
		if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF) {
			return true
		}
	}
	return false
}

func decodeDocument(doc []byte, contentType string) string {
	switch {
	case bytes.HasPrefix(doc, []byte{0xEF, 0xBB, 0xBF}):
		return lenientUTF8(doc[3:])
	case bytes.HasPrefix(doc, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return decodeWith(utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM), doc)
	case bytes.HasPrefix(doc, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return decodeWith(utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM), doc)
	case bytes.HasPrefix(doc, []byte{0xFE, 0xFF}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM), doc)
	case bytes.HasPrefix(doc, []byte{0xFF, 0xFE}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM), doc)
	case bytes.HasPrefix(doc, []byte{0x00, '<', 0x00, '?'}):
		return decodeWith(xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), doc)
	case bytes.HasPrefix(doc, []byte{'<', 0x00, '?', 0x00}):
		return decodeWith(xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), doc)
	}
	if utf8.Valid(doc) {
		return string(doc)
	}
	for _, label := range []string{xmlDeclEncoding(doc), mediaCharset(contentType)} {
		if enc := legacyEncoding(label); enc != nil {
			if s, err := enc.NewDecoder().Bytes(doc); err == nil {
				return lenientUTF8(s)
			}
		}
	}
	if enc := detectEncoding(doc); enc != nil {
		if s, err := enc.NewDecoder().Bytes(doc); err == nil {
			return lenientUTF8(s)
		}
	}
	return lenientUTF8(doc)
}

// detectSample bounds the text the charset detector reads.
const detectSample = 64 << 10

// detectEncoding guesses the charset of a document that is not UTF-8 and
// whose declarations name no usable charset, so that an undeclared
// Cyrillic or CJK feed is not read as Latin-1 mojibake. It returns nil
// for Latin text (ISO-8859-1, windows-1252), which lenientUTF8 already
// decodes and which also covers UTF-8 with a few stray Latin-1 bytes,
// and when the detector is unsure.
//
// The detector (a port of the universal charset detector of Mozilla and
// Python's chardet) judges byte statistics, so it reads only lines that
// hold non-ASCII bytes, up to detectSample bytes: a long ASCII preamble
// would dilute them, and reading a whole 10 MB document is slow.
func detectEncoding(doc []byte) encoding.Encoding {
	sample := make([]byte, 0, min(len(doc), detectSample))
	for line := range bytes.Lines(doc) {
		if len(sample) >= detectSample {
			break
		}
		if hasHighByte(line) {
			sample = append(sample, line[:min(len(line), detectSample-len(sample))]...)
		}
	}
	r := chardet.Detect(sample)
	if r.Confidence < 0.5 {
		return nil
	}
	enc, name := charset.Lookup(r.Encoding)
	if enc == nil || name == "windows-1252" || strings.HasPrefix(name, "utf-") {
		return nil
	}
	return enc
}

func hasHighByte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func decodeWith(enc encoding.Encoding, doc []byte) string {
	s, err := enc.NewDecoder().Bytes(doc)
	if err != nil {
		return lenientUTF8(doc)
	}
	return lenientUTF8(s)
}

// legacyEncoding returns the decoder for a charset label, or nil when the
// label is empty, unknown, or names a Unicode form (whose bytes were
// already found not to be valid, so the label is wrong).
func legacyEncoding(label string) encoding.Encoding {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil
	}
	enc, name := charset.Lookup(label)
	if enc == nil || strings.HasPrefix(name, "utf-") {
		return nil
	}
	return enc
}

// lenientUTF8 decodes UTF-8, reading each byte that does not start a valid
// sequence as windows-1252 (so ISO-8859-1 text decodes too).
func lenientUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/4)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			sb.WriteRune(charmap.Windows1252.DecodeByte(b[0]))
			b = b[1:]
			continue
		}
		sb.WriteRune(r)
		b = b[size:]
	}
	return sb.String()
}

var (
	xmlDeclRE  = regexp.MustCompile(`^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
	junkMarker = []string{"<?xml", "<rss", "<feed", "<rdf:RDF", "<RDF"}
)

// xmlDeclEncoding returns the encoding named in an ASCII-compatible XML
// declaration at the start of doc, or "".
func xmlDeclEncoding(doc []byte) string {
	head := doc[:min(len(doc), 512)]
	if m := xmlDeclRE.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// mediaCharset returns the charset parameter of a Content-Type, or "".
func mediaCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		return params["charset"]
	}
	// A malformed header: look for the parameter by hand. The lower-casing
	// is ASCII-only so that byte offsets stay those of contentType.
	lower := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, contentType)
	if len(lower) != len(contentType) {
		return "" // invalid UTF-8 in the header; nothing trustworthy
	}
	if i := strings.Index(lower, "charset="); i >= 0 {
		v := contentType[i+len("charset="):]
		if j := strings.IndexAny(v, "; "); j >= 0 {
			v = v[:j]
		}
		return strings.Trim(v, `"'`)
	}
	return ""
}

// cutLeadingJunk drops text before the document proper (a PHP warning, a
// stray word) when the document does not start with markup or JSON but a
// feed's first tag appears in its first kilobyte.
func cutLeadingJunk(text string) string {
	if text == "" || strings.ContainsRune("<{[", rune(text[0])) {
		return text
	}
	head := text[:min(len(text), 1024)]
	cut := -1
	for _, m := range junkMarker {
		if i := strings.Index(head, m); i >= 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut < 0 {
		return text
	}
	return text[cut:]
}

// splitXMLDecl replaces a leading XML declaration with one that says
// UTF-8, which the text now is, returning that declaration (or "") and the
// text after the one it replaces. "<?xml-stylesheet" is not a declaration.
func splitXMLDecl(text string) (decl, rest string) {
	if !strings.HasPrefix(text, "<?xml") || len(text) < 6 || !isXMLSpace(text[5]) {
		return "", text
	}
	end := strings.Index(text, "?>")
	if end < 0 {
		return "", text
	}
	return `<?xml version="1.0" encoding="UTF-8"?>`, text[end+2:]
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// dropBadCharRefs removes character references to characters XML forbids
// (&#1;, &#xFFFE;), which make a conforming parser stop. Removing one can
// join its neighbours into another ("&#&#1;1;"), so the check runs on the
// output as it grows, which also catches those in one pass.
func dropBadCharRefs(text string) string {
	if !strings.Contains(text, "&#") {
		return text
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		out = append(out, text[i])
		if text[i] != ';' {
			continue
		}
		tail := out[max(0, len(out)-14):]
		amp := bytes.LastIndex(tail, []byte("&#"))
		if amp < 0 {
			continue
		}
		if badCharRef(tail[amp+2 : len(tail)-1]) {
			out = out[:len(out)-len(tail)+amp]
		}
	}
	return string(out)
}

// badCharRef reports whether the body of a character reference (between
// "&#" and ";") is well formed but names a character XML forbids. A body
// that is not a number at all is left for the parser to judge.
func badCharRef(body []byte) bool {
	base, digits := 10, body
	if len(body) > 0 && (body[0] == 'x' || body[0] == 'X') {
		base, digits = 16, body[1:]
	}
	if len(digits) == 0 {
		return false
	}
	for _, c := range digits {
		isDec := c >= '0' && c <= '9'
		isHex := isDec || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
		if base == 10 && !isDec || base == 16 && !isHex {
			return false
		}
	}
	n, err := strconv.ParseUint(string(digits), base, 64)
	return err != nil || n > unicode.MaxRune || !isXMLChar(rune(n))
}
