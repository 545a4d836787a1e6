package feeds

import (
	"regexp"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// itemTime picks an item's publication time in UTC: the published date,
// else the updated date, else whatever parseLooseDate makes of the raw
// strings gofeed could not parse, else now (the fetch time). A date more
// than a day in the future is a publisher's clock or time-zone mistake and
// is replaced by now too, so it cannot pin an article to the top.
//
// A date with AM or PM after its time is read here even when gofeed
// parsed it: gofeed's layouts with a zone name take "PM" for a zone, so
// "Sat, Dec 16 2023 02:02:33 PM" came out as 02:02 UTC.
func itemTime(it *gofeed.Item, now time.Time) time.Time {
	var t time.Time
	for _, d := range []struct {
		parsed *time.Time
		raw    string
	}{{it.PublishedParsed, it.Published}, {it.UpdatedParsed, it.Updated}} {
		if d.parsed == nil {
			continue
		}
		t = *d.parsed
		if meridiemRE.MatchString(d.raw) {
			if p, ok := parseLooseDate(d.raw); ok {
				t = p
			}
		}
		break
	}
	if t.IsZero() {
		for _, raw := range []string{it.Published, it.Updated} {
			if p, ok := parseLooseDate(raw); ok {
				t = p
				break
			}
		}
	}
	if t.IsZero() {
		return now.UTC()
	}
	t = fixCentury(t, now)
	if t.After(now.Add(24 * time.Hour)) {
		return now.UTC()
	}
	return t.UTC()
}

// fixCentury repairs a two-digit year that a layout read as year 17 AD:
// it becomes 2017, or 1917 if 2017 would be more than a year ahead of now.
func fixCentury(t time.Time, now time.Time) time.Time {
	if t.Year() >= 100 {
		return t
	}
	y := t.AddDate(2000, 0, 0)
	if y.Year() > now.Year()+1 {
		y = t.AddDate(1900, 0, 0)
	}
	return y
}

// months maps month names and abbreviations in English, Portuguese,
// Spanish, Italian, French and German to the English abbreviation.
var months = map[string]string{}

func init() {
	names := map[string][]string{
		"Jan": {"jan", "january", "janeiro", "enero", "ene", "gennaio", "gen", "janvier", "janv", "januar", "jänner", "jän"},
		"Feb": {"feb", "february", "fevereiro", "fev", "febrero", "febbraio", "février", "fevrier", "févr", "fevr", "februar"},
		"Mar": {"mar", "march", "março", "marco", "marzo", "mars", "märz", "maerz", "mär", "mrz"},
		"Apr": {"apr", "april", "abril", "abr", "aprile", "avril", "avr"},
		"May": {"may", "mayo", "maio", "mai", "maggio", "mag"},
		"Jun": {"jun", "june", "junho", "junio", "giugno", "giu", "juin", "juni"},
		"Jul": {"jul", "july", "julho", "julio", "luglio", "lug", "juillet", "juil", "juli"},
		"Aug": {"aug", "august", "agosto", "ago", "août", "aout", "aoû"},
		"Sep": {"sep", "sept", "september", "setembro", "set", "septiembre", "setiembre", "settembre", "septembre"},
		"Oct": {"oct", "october", "outubro", "out", "octubre", "ottobre", "ott", "octobre", "oktober", "okt"},
		"Nov": {"nov", "november", "novembro", "noviembre", "novembre"},
		"Dec": {"dec", "december", "dezembro", "dez", "diciembre", "dic", "dicembre", "décembre", "decembre", "déc", "dezember"},
	}
	for en, list := range names {
		for _, n := range list {
			months[n] = en
		}
	}
}

// zones maps the time-zone abbreviations feeds use to offsets. time.Parse
// would read an abbreviation it does not know as UTC, silently.
var zones = map[string]string{
	"gmt": "+0000", "ut": "+0000", "utc": "+0000", "z": "+0000", "wet": "+0000",
	"est": "-0500", "edt": "-0400", "cst": "-0600", "cdt": "-0500",
	"mst": "-0700", "mdt": "-0600", "pst": "-0800", "pdt": "-0700",
	"bst": "+0100", "cet": "+0100", "cest": "+0200", "west": "+0100",
	"eet": "+0200", "eest": "+0300", "msk": "+0300", "irst": "+0330",
	"pkt": "+0500", "ist": "+0530", "hkt": "+0800", "sgt": "+0800",
	"jst": "+0900", "kst": "+0900", "aest": "+1000", "aedt": "+1100",
}

var (
	// meridiemRE finds AM or PM (a.m., p.m.) right after a time of day; a
	// bare "am" elsewhere is German for "on".
	meridiemRE = regexp.MustCompile(`(\d{1,2}:\d{2}(?::\d{2})?)\s*([AaPp])\.?[Mm]\.?(?:[^\p{L}]|$)`)
	wordRE     = regexp.MustCompile(`\p{L}+`)
	looseDotRE = regexp.MustCompile(`\s+\.|\.\s+|\.$`)
)

var looseLayouts = []string{
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -07:00",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"2 Jan 06 15:04:05 -0700",
	"2 Jan 06 15:04 -0700",
	"2 Jan 06 15:04:05",
	"2 Jan 06",
	"Jan 2 2006 15:04:05 -0700",
	"Jan 2 2006 15:04:05",
	"Jan 2 2006 15:04",
	"Jan 2 2006",
	"2006-1-2 15:04:05 -0700",
	"2006-1-2 15:04:05 -07:00",
	"2006-1-2 15:04:05-07:00",
	"2006-1-2 15:04:05",
	"2006-1-2 15:04",
	"2006-1-2",
	"2006/1/2 15:04:05 -0700",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2.1.2006",
	"2006.1.2 15:04:05",
	"2006.1.2",
}

// parseLooseDate reads dates that RFC 822 and RFC 3339 parsers reject:
// localised month and day names ("Seg, 24 Set 2018", "mer, 16 nov 2022"),
// no zone ("2018-12-13 00:00:00", read as UTC), slashes ("2020/1/10
// 14:33:00") and two-digit years. Words other than months and zone names
// (weekdays, "de", "às") are ignored; when several words could be a month
// the last one is, because a weekday comes first.
func parseLooseDate(raw string) (time.Time, bool) {
	s := strings.TrimSpace(raw)
	if s == "" || len(s) > 100 {
		return time.Time{}, false
	}
	// A 12-hour clock: drop the AM or PM and add 12 hours after parsing
	// (12 AM is midnight, 12 PM noon).
	var meridiem byte
	if m := meridiemRE.FindStringSubmatchIndex(s); m != nil {
		meridiem = s[m[4]] | 0x20
		end := m[5] + 1
		for end < len(s) && (s[end] == '.' || s[end] == 'm' || s[end] == 'M') {
			end++
		}
		s = s[:m[3]] + " " + s[end:]
	}
	words := wordRE.FindAllStringIndex(s, -1)
	month := -1
	for i, w := range words {
		if _, ok := months[strings.ToLower(s[w[0]:w[1]])]; ok {
			month = i
		}
	}
	var b strings.Builder
	last := 0
	for i, w := range words {
		b.WriteString(s[last:w[0]])
		word := strings.ToLower(s[w[0]:w[1]])
		switch {
		case i == month:
			b.WriteString(" " + months[word] + " ")
		case zones[word] != "":
			b.WriteString(" " + zones[word])
		default:
			b.WriteString(" ")
		}
		last = w[1]
	}
	b.WriteString(s[last:])
	norm := strings.ReplaceAll(b.String(), ",", " ")
	norm = looseDotRE.ReplaceAllString(norm, " ")
	norm = strings.Join(strings.Fields(norm), " ")
	for _, layout := range looseLayouts {
		t, err := time.Parse(layout, norm)
		if err != nil {
			continue
		}
		switch h := t.Hour(); {
		case meridiem == 0 || h > 12:
		case meridiem == 'p' && h < 12:
			t = t.Add(12 * time.Hour)
		case meridiem == 'a' && h == 12:
			t = t.Add(-12 * time.Hour)
		}
		return t, true
	}
	return time.Time{}, false
}
