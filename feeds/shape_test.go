package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

const rssItemHead = `<?xml version="1.0"?><rss version="2.0" xmlns:x="http://x.example/"><channel><title>t</title><item><title>i</title>`

// hostile builds a document of head followed by unit repeated until the
// document is just under size bytes.
func hostile(head, unit, tail string, size int) []byte {
	n := (size - len(head) - len(tail)) / len(unit)
	return []byte(head + strings.Repeat(unit, n) + tail)
}

// peakHeap runs f and returns the most live heap it held, beyond the live
// heap before it, and the bytes it allocated in all. The live heap is what
// the garbage collector found reachable at the end of each cycle during f
// (sampled every millisecond); f runs under a soft memory limit of budget
// bytes beyond the start, so cycles come often when the heap nears it and
// garbage does not count. objects is the most heap that objects, live or
// garbage, occupied meanwhile beyond the start: an upper bound.
func peakHeap(budget int64, f func()) (peak, objects, allocated uint64) {
	runtime.GC()
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(live)
	base, baseObjects := live[0].Value.Uint64(), live[2].Value.Uint64()
	old := debug.SetMemoryLimit(int64(live[1].Value.Uint64()) + budget)
	defer debug.SetMemoryLimit(old)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var top, topObjects uint64
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			top = max(top, s[0].Value.Uint64())
			topObjects = max(topObjects, s[1].Value.Uint64())
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	f()
	runtime.GC() // the cycle that sees what f left live at its end
	close(stop)
	wg.Wait()
	runtime.ReadMemStats(&after)
	return top - min(top, base), topObjects - min(topObjects, baseObjects), after.TotalAlloc - before.TotalAlloc
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestHostileShapesAreRefused: documents under the body cap that nest
// deeply or hold millions of elements used to overflow the stack inside
// gofeed (a fatal error no recover catches, killing the bot) or take
// hundreds of megabytes. Each must now be a clear error, reached within
// 100 MB of heap beyond the document.
func TestHostileShapesAreRefused(t *testing.T) {
	const atomHead = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>i</title><content type="xhtml">`
	const descHead = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>i</title><description><![CDATA[`
	tests := []struct {
		name string
		doc  []byte
		want string
	}{
		{"2 million nested x:a under an item, 10 MB", hostile(rssItemHead, "<x:a>", "", 10_000_000), "nest more than 256 deep"},
		{"10 MiB of nested a", hostile("", "<a>", "", DefaultMaxBodyBytes), "nest more than 256 deep"},
		{"10 MiB of nested a in an item", hostile(rssItemHead, "<a>", "", DefaultMaxBodyBytes), "nest more than 256 deep"},
		{"10 MiB of nested XHTML in an Atom entry", hostile(atomHead, "<div>", "", DefaultMaxBodyBytes), "nest more than 256 deep"},
		{"10 MiB of nested JSON arrays", hostile(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_text":`, "[", "", DefaultMaxBodyBytes), "nest more than 256 deep"},
		{"a million flat extension elements", hostile(rssItemHead, "<x:a>v</x:a>", "</item></channel></rss>", DefaultMaxBodyBytes), "more than 50000 elements"},
		{"a million items", hostile(`<rss version="2.0"><channel><title>t</title>`, "<item><title>t</title></item>", "</channel></rss>", DefaultMaxBodyBytes), "more than 50000 elements"},
		{"a million tags in a description", hostile(descHead, "<b></b>", "]]></description></item></channel></rss>", DefaultMaxBodyBytes), "more than 50000 elements"},
		{"a million attributes on one tag", hostile(rssItemHead+"<x:a", ` a="1"`, ">v</x:a></item></channel></rss>", DefaultMaxBodyBytes), "more than 1024 attributes"},
		{"a million JSON items", hostile(`{"version":"https://jsonfeed.org/version/1.1","items":[`, `{"id":"1"},`, `{"id":"2"}]}`, DefaultMaxBodyBytes), "more than 50000 JSON values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			peak, objects, allocated := peakHeap(int64(len(tt.doc))+100<<20, func() {
				_, err = Parse(tt.doc, "", "https://feeds.example/hostile", testNow)
			})
			t.Logf("%d bytes: peak live heap %.1f MB, heap objects %.1f MB beyond the start; %.1f MB allocated", len(tt.doc), mib(peak), mib(objects), mib(allocated))
			if !errors.Is(err, ErrTooComplex) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "https://feeds.example/hostile") {
				t.Fatalf("Parse error = %v, want ErrTooComplex saying %q and naming the feed", err, tt.want)
			}
			// Refusing takes so little that no collection may run: judge the
			// upper bound, garbage included.
			if limit := uint64(len(tt.doc)) + 100<<20; max(peak, objects) > limit {
				t.Errorf("peak heap %d bytes (live %d), want at most the document plus 100 MB (%d)", objects, peak, limit)
			}
		})
	}
}

// TestShapeLimitsLeaveRealFeedsAlone: a feed as deep and as large as the
// limits allow still parses.
func TestShapeLimitsLeaveRealFeedsAlone(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>`)
	// Each entry: entry, title, id, link (+1 attribute), content (+1
	// attribute) and a 240-deep XHTML div: 247 counted.
	for i := range 150 {
		b.WriteString(`<entry><title>Entry</title><id>tag:x.example,2024:` + strings.Repeat("9", i+1) + `</id><link href="https://x.example/a"/><content type="xhtml">`)
		b.WriteString(strings.Repeat("<div>", 240) + "Deep text." + strings.Repeat("</div>", 240))
		b.WriteString(`</content></entry>`)
	}
	b.WriteString(`</feed>`)
	res, err := Parse([]byte(b.String()), "", "https://feeds.example/deep", testNow)
	if err != nil {
		t.Fatalf("a feed within the limits: %v", err)
	}
	if len(res.Articles) != 150 || res.Articles[0].Text != "Deep text." {
		t.Errorf("got %d articles, first text %q; want 150, %q", len(res.Articles), res.Articles[0].Text, "Deep text.")
	}
}

// FuzzParseNested feeds Parse documents built of a fuzzed unit repeated up
// to the body cap inside an RSS item, an Atom entry, a description or a
// JSON Feed, optionally closed and truncated anywhere. Under a soft memory
// limit it must return an error or well-formed articles, never crash, and
// never hold more than 100 MB of heap beyond the document.
func FuzzParseNested(f *testing.F) {
	f.Add([]byte("<x:a>"), uint32(2_000_000), uint32(0), uint8(0))
	f.Add([]byte("<a>"), uint32(3_000_000), uint32(0), uint8(4))
	f.Add([]byte("<div>"), uint32(300), uint32(0), uint8(1|8))
	f.Add([]byte("<b></b>"), uint32(1_000_000), uint32(777), uint8(2|8))
	f.Add([]byte("["), uint32(1_000_000), uint32(0), uint8(3))
	f.Add([]byte(`{"id":"1"},`), uint32(100), uint32(0), uint8(3|8))
	f.Add([]byte(` a="1"`), uint32(100_000), uint32(0), uint8(0))
	f.Add([]byte("<item><title>x</title></item>"), uint32(10), uint32(90), uint8(0|8))
	heads := []string{
		rssItemHead,
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>i</title><content type="xhtml">`,
		`<rss version="2.0"><channel><title>t</title><item><title>i</title><description><![CDATA[`,
		`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_html":`,
		``,
	}
	tails := []string{"</item></channel></rss>", "</content></entry></feed>", "]]></description></item></channel></rss>", "}]}", ""}
	f.Fuzz(func(t *testing.T, unit []byte, repeat, cut uint32, shape uint8) {
		if len(unit) == 0 {
			return
		}
		head, tail := heads[int(shape&7)%len(heads)], tails[int(shape&7)%len(tails)]
		if shape&8 == 0 {
			tail = ""
		}
		n := min(int(repeat), (DefaultMaxBodyBytes-len(head)-len(tail))/len(unit))
		doc := make([]byte, 0, len(head)+n*len(unit)+len(tail))
		doc = append(doc, head...)
		doc = append(doc, bytes.Repeat(unit, max(n, 0))...)
		doc = append(doc, tail...)
		if cut > 0 {
			doc = doc[:int(cut)%(len(doc)+1)]
		}
		limit := int64(len(doc)) + 100<<20
		var res *Result
		var err error
		peak, _, _ := peakHeap(limit, func() { res, err = Parse(doc, "", "https://fuzz.example/feed", testNow) })
		if peak > uint64(limit) {
			t.Fatalf("%d-byte document (unit %q ×%d, shape %d): peak live heap %d bytes beyond the start, over the document plus 100 MB", len(doc), unit, n, shape, peak)
		}
		if err != nil {
			return
		}
		for _, a := range res.Articles {
			if a.ID == "" || !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) {
				t.Fatalf("bad article %+v", a)
			}
		}
	})
}

// TestJSONThatIsNotAFeed: a JSON document with no feed structure used to
// parse as an empty untitled feed ("OK 0 items"), hiding a wrong URL.
func TestJSONThatIsNotAFeed(t *testing.T) {
	for name, doc := range map[string]string{
		"empty object":                `{}`,
		"an API status":               `{"status":"ok"}`,
		"RSS as JSON":                 `{"rss":{"channel":{"title":"World","item":[{"title":"a","link":"https://x.example/a"}]}}}`,
		"items not a list at the top": `{"data":{"items":[{"id":"1","content_text":"x"}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Parse([]byte(doc), "application/json", "https://api.example/v1", testNow)
			if err == nil {
				t.Fatalf("parsed as a feed with %d articles, title %q; want an error", len(res.Articles), res.Title)
			}
			if !strings.Contains(err.Error(), "not a JSON Feed") || !strings.Contains(err.Error(), "https://api.example/v1") {
				t.Errorf("error %q should say the JSON is not a JSON Feed and name the URL", err)
			}
		})
	}
}

// TestJSONFeedWithStringTags: a JSON Feed whose item gives "tags" as one
// string (JSON Feed 1.1 says a list) used to be refused whole.
func TestJSONFeedWithStringTags(t *testing.T) {
	doc := `{"version":"https://jsonfeed.org/version/1.1","title":"Notes","items":[
		{"id":"1","url":"https://notes.example/1","title":"First","content_text":"One.","tags":"politics"},
		{"id":"2","url":"https://notes.example/2","title":"Second","content_text":"Two.","tags":["a","b"]}]}`
	res, err := Parse([]byte(doc), "application/feed+json", "https://notes.example/feed.json", testNow)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, a := range res.Articles {
		titles = append(titles, a.Title)
	}
	if res.Title != "Notes" || strings.Join(titles, "|") != "First|Second" {
		t.Errorf("title %q, articles %q; want Notes, First|Second", res.Title, titles)
	}
}

// TestLargeFeedsParseWithinMemory: a feed just under the body cap that is
// within the shape limits parses, within 100 MB of heap beyond itself:
// one 10 MB description, one with 49,000 tags, and 11,000 items.
func TestLargeFeedsParseWithinMemory(t *testing.T) {
	const head = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>i</title><link>https://x.example/1</link><description>`
	const tail = `</description></item></channel></rss>`
	var items strings.Builder
	items.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>`)
	for i := range 11_000 {
		fmt.Fprintf(&items, `<item><title>Title %d</title><link>https://x.example/%d</link><description>%s</description></item>`, i, i, strings.Repeat("w ", 420))
	}
	items.WriteString(`</channel></rss>`)
	tests := []struct {
		name     string
		doc      []byte
		articles int
	}{
		{"one 10 MB description", hostile(head, "word ", tail, DefaultMaxBodyBytes), 1},
		{"49,000 tags in a description", hostile(head, "&lt;p&gt;"+strings.Repeat("x", 204), tail, DefaultMaxBodyBytes), 1},
		{"11,000 items", []byte(items.String()), 11_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res *Result
			var err error
			peak, objects, allocated := peakHeap(int64(len(tt.doc))+100<<20, func() {
				res, err = Parse(tt.doc, "", "https://x.example/feed", testNow)
			})
			t.Logf("%d bytes: peak live heap %.1f MB, heap objects %.1f MB beyond the start; %.1f MB allocated", len(tt.doc), mib(peak), mib(objects), mib(allocated))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Articles) != tt.articles {
				t.Errorf("got %d articles, want %d", len(res.Articles), tt.articles)
			}
			if limit := uint64(len(tt.doc)) + 100<<20; peak > limit {
				t.Errorf("peak live heap %d bytes, want at most the document plus 100 MB (%d)", peak, limit)
			}
		})
	}
}

// TestDecodedSizeIsCapped: a document under the body cap whose legacy
// charset decodes to more UTF-8 than the cap (each windows-1252 quote is
// three bytes) took 80 MB of live heap in one description; the cap now
// holds for the decoded text too, with an error that says so.
func TestDecodedSizeIsCapped(t *testing.T) {
	const head = `<rss version="2.0"><channel><title>t</title><item><title>i</title><description>`
	const tail = `</description></item></channel></rss>`
	doc := hostile(head, "it\x92s \x93x\x94 ", tail, DefaultMaxBodyBytes)
	var err error
	peak, objects, _ := peakHeap(int64(len(doc))+100<<20, func() {
		_, err = Parse(doc, "", "https://quotes.example/feed", testNow)
	})
	t.Logf("peak live heap %.1f MB, heap objects %.1f MB", mib(peak), mib(objects))
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "decoded to UTF-8") {
		t.Fatalf("Parse error = %v, want ErrTooLarge saying the decoded document is too large", err)
	}
	// The same text at a tenth of the size parses.
	small := hostile(head, "it\x92s \x93x\x94 ", tail, DefaultMaxBodyBytes/10)
	res, err := Parse(small, "", "https://quotes.example/feed", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(res.Articles[0].Text, "it’s “x” it’s") {
		t.Errorf("text starts %q", res.Articles[0].Text[:40])
	}
}
