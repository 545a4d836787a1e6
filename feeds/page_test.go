package feeds

import "testing"

// TestDoctypeWithHTMLEntitiesIsAFeed: an RSS feed whose DOCTYPE declares
// XHTML's entity sets used to be refused as "an HTML page".
func TestDoctypeWithHTMLEntitiesIsAFeed(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [
<!ENTITY % HTMLlat1 PUBLIC "-//W3C//ENTITIES Latin 1 for XHTML//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml-lat1.ent">
%HTMLlat1;
<!ENTITY % HTMLspecial PUBLIC "-//W3C//ENTITIES Special for XHTML//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml-special.ent">
%HTMLspecial;
]>
<rss version="2.0"><channel><title>Caf&eacute; Politique</title><link>https://cafe.example/</link>
<item><title>Les n&eacute;gociations reprennent &ndash; Vienne</title><link>https://cafe.example/a</link><description>Texte.</description></item>
</channel></rss>`
	res, err := Parse([]byte(doc), "", "https://cafe.example/rss", testNow)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if res.Title != "Café Politique" || len(res.Articles) != 1 || res.Articles[0].Title != "Les négociations reprennent – Vienne" {
		t.Errorf("title %q, %d articles; want Café Politique and one article", res.Title, len(res.Articles))
		for _, a := range res.Articles {
			t.Logf("article %q", a.Title)
		}
	}
	for _, page := range []string{
		`<!DOCTYPE html><html><head><title>x</title></head></html>`,
		`<!doctype HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><html>`,
		`<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">`,
		`<!DOCTYPE x [ <!ENTITY a "b"> ]><html><body>not a feed</body></html>`,
	} {
		if !looksLikeHTML([]byte(page)) {
			t.Errorf("looksLikeHTML(%q) = false, want true", page)
		}
	}
}
