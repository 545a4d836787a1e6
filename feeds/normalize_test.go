package feeds

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, contentType, want string
	}{
		{"UTF-8 BOM removed", "\xEF\xBB\xBF<rss/>", "", "<rss/>"},
		{"leading whitespace removed", "\n\n \t<?xml version=\"1.0\"?><rss/>", "", `<?xml version="1.0" encoding="UTF-8"?><rss/>`},
		{"declared windows-1251 decoded", "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>\xcf\xf0\xe8\xe2\xe5\xf2</t>", "", `<?xml version="1.0" encoding="UTF-8"?><t>Привет</t>`},
		{"HTTP charset used without a declaration", "<t>\xcf\xf0\xe8\xe2\xe5\xf2</t>", "text/xml; charset=windows-1251", "<t>Привет</t>"},
		{"declaration wins over the HTTP charset", "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>\xcf\xf0\xe8</t>", "text/xml; charset=iso-8859-1", `<?xml version="1.0" encoding="UTF-8"?><t>При</t>`},
		{"HTTP charset when the declaration claims UTF-8 wrongly", "<?xml version=\"1.0\" encoding=\"utf-8\"?><t>\xcf\xf0\xe8</t>", "text/xml; charset=windows-1251", `<?xml version="1.0" encoding="UTF-8"?><t>При</t>`},
		{"valid UTF-8 wins over a wrong label", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Grüße</t>", "text/xml; charset=iso-8859-1", `<?xml version="1.0" encoding="UTF-8"?><t>Grüße</t>`},
		{"undeclared Latin-1 read as windows-1252", "<t>sant\xe9 \x93quoted\x94</t>", "", "<t>santé “quoted”</t>"},
		{"stray Latin-1 byte in UTF-8", "<t>Grüße caf\xe9</t>", "", "<t>Grüße café</t>"},
		{"GB2312", "<?xml version=\"1.0\" encoding=\"gb2312\"?><t>\xd6\xd0\xce\xc4</t>", "", `<?xml version="1.0" encoding="UTF-8"?><t>中文</t>`},
		{"UTF-16LE with BOM", "\xFF\xFE<\x00r\x00/\x00>\x00", "", "<r/>"},
		{"UTF-16BE without BOM", "\x00<\x00?\x00x\x00m\x00l\x00 \x00?\x00>\x00<\x00r\x00/\x00>", "", `<?xml version="1.0" encoding="UTF-8"?><r/>`},
		{"control characters dropped", "<t>a\x00b\x01c\x0bd\x1fe\tf</t>", "", "<t>abcde\tf</t>"},
		{"references to forbidden characters dropped", "<t>a&#1;b&#x0;c&#xFFFE;d&#xD;e&#65;</t>", "", "<t>abcd&#xD;e&#65;</t>"},
		{"nested forbidden references dropped", "<t>&#&#1;1;x</t>", "", "<t>x</t>"},
		{"junk before the document cut", "Warning: something\n<?xml version=\"1.0\"?><rss/>", "", `<?xml version="1.0" encoding="UTF-8"?><rss/>`},
		{"stylesheet instruction is not a declaration", `<?xml-stylesheet href="x.xsl"?><rss/>`, "", `<?xml-stylesheet href="x.xsl"?><rss/>`},
		{"JSON untouched but for control characters", "\xEF\xBB\xBF {\"a\":\"b\x01\"}", "", `{"a":"b"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Normalize([]byte(tt.in), tt.contentType))
			if got != tt.want {
				t.Errorf("Normalize = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzNormalize checks Normalize's promises on any input: valid UTF-8 out,
// no character XML forbids, no BOM or leading space, an XML declaration
// that says UTF-8, and idempotence.
func FuzzNormalize(f *testing.F) {
	for _, name := range []string{"rss2.xml", "windows-1251.xml", "latin1-no-declaration.xml", "gb2312.xml", "bom.xml", "utf16le-bom.xml", "feed.json", "invalid-chars.xml", "mojibake.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, "")
	}
	f.Add([]byte("<?xml version='1.0' encoding='windows-1251'?><t>\xcf</t>"), "text/xml; charset=koi8-r")
	f.Add([]byte("\x00<\x00?\x00x\x00m\x00l\x00 "), "")
	f.Add([]byte("&#&#&#1;1;1;"), "")
	f.Fuzz(func(t *testing.T, doc []byte, contentType string) {
		out := Normalize(doc, contentType)
		if !utf8.Valid(out) {
			t.Fatalf("output is not UTF-8: %q", out)
		}
		for _, r := range string(out) {
			if !isXMLChar(r) {
				t.Fatalf("output holds forbidden character %U", r)
			}
		}
		if bytes.HasPrefix(out, []byte{0xEF, 0xBB, 0xBF}) || len(out) > 0 && strings.ContainsRune(" \t\r\n", rune(out[0])) {
			t.Fatalf("output starts with a BOM or whitespace: %q", out[:min(len(out), 10)])
		}
		if bytes.HasPrefix(out, []byte("<?xml ")) && !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
			if bytes.Contains(out[:min(len(out), 200)], []byte("?>")) {
				t.Fatalf("declaration not rewritten: %q", out[:min(len(out), 60)])
			}
		}
		if again := Normalize(out, ""); !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n first %q\nsecond %q", out, again)
		}
	})
}

// BenchmarkNormalize measures the largest real feed we have, when present.
func BenchmarkNormalize(b *testing.B) {
	dir := sharedFeedsDir(b)
	data, err := os.ReadFile(filepath.Join(dir, "londonist-huge-leading-newline.xml"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(data, "")
	}
}
