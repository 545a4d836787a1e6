package topics

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"briefbot/brief"
)

// benchCountries feeds the generated topics: a country, its capital and its
// adjective.
var benchCountries = [][3]string{
	{"Turkey", "Ankara", "Turkish"}, {"Syria", "Damascus", "Syrian"}, {"Iraq", "Baghdad", "Iraqi"},
	{"Israel", "Jerusalem", "Israeli"}, {"Egypt", "Cairo", "Egyptian"}, {"Qatar", "Doha", "Qatari"},
	{"Oman", "Muscat", "Omani"}, {"Jordan", "Amman", "Jordanian"}, {"Lebanon", "Beirut", "Lebanese"},
	{"Yemen", "Sanaa", "Yemeni"}, {"Pakistan", "Islamabad", "Pakistani"}, {"India", "New Delhi", "Indian"},
	{"China", "Beijing", "Chinese"}, {"Japan", "Tokyo", "Japanese"}, {"Germany", "Berlin", "German"},
	{"France", "Paris", "French"}, {"Italy", "Rome", "Italian"}, {"Spain", "Madrid", "Spanish"},
	{"Poland", "Warsaw", "Polish"}, {"Ukraine", "Kyiv", "Ukrainian"}, {"Belarus", "Minsk", "Belarusian"},
	{"Kazakhstan", "Astana", "Kazakh"}, {"Uzbekistan", "Tashkent", "Uzbek"}, {"Armenia", "Yerevan", "Armenian"},
	{"Azerbaijan", "Baku", "Azerbaijani"}, {"Georgia", "Tbilisi", "Georgian"}, {"Brazil", "Brasilia", "Brazilian"},
	{"Mexico", "Mexico City", "Mexican"}, {"Canada", "Ottawa", "Canadian"}, {"Australia", "Canberra", "Australian"},
	{"Nigeria", "Abuja", "Nigerian"}, {"Kenya", "Nairobi", "Kenyan"}, {"Ethiopia", "Addis Ababa", "Ethiopian"},
	{"Venezuela", "Caracas", "Venezuelan"}, {"Cuba", "Havana", "Cuban"}, {"Afghanistan", "Kabul", "Afghan"},
	{"Tajikistan", "Dushanbe", "Tajik"}, {"Kyrgyzstan", "Bishkek", "Kyrgyz"}, {"Mongolia", "Ulaanbaatar", "Mongolian"},
	{"Vietnam", "Hanoi", "Vietnamese"}, {"Indonesia", "Jakarta", "Indonesian"}, {"Malaysia", "Kuala Lumpur", "Malaysian"},
	{"Serbia", "Belgrade", "Serbian"}, {"Hungary", "Budapest", "Hungarian"}, {"Greece", "Athens", "Greek"},
	{"Norway", "Oslo", "Norwegian"}, {"Sweden", "Stockholm", "Swedish"}, {"Finland", "Helsinki", "Finnish"},
}

// benchTopics returns the default topics plus generated ones, n in all:
// pair topics between countries, alias topics and query topics.
func benchTopics(n int) []Definition {
	defs := Defaults()
	for i := 0; len(defs) < n; i++ {
		a := benchCountries[i%len(benchCountries)]
		b := benchCountries[(i*7+3)%len(benchCountries)]
		id := fmt.Sprintf("gen-%d", i)
		switch i % 3 {
		case 0:
			defs = append(defs, Definition{
				ID: id, Title: a[0] + "-" + b[0] + " relations",
				Sides: [][]string{{"a"}, {"b"}},
				Groups: []Group{
					{Name: "a", Weight: 0.2, Terms: []string{a[0], a[1], a[2] + "*"}},
					{Name: "b", Weight: 0.2, Terms: []string{b[0], b[1], b[2] + "*"}},
					{Name: "ties", Weight: 0.3, NearPair: true, Terms: []string{"ties", "relation", "treaty", "agreement", "visit*", "talks", "trade"}},
					{Name: "sport", Weight: -0.5, Terms: []string{"football", "World Cup", "tennis"}},
				},
			})
		case 1:
			defs = append(defs, Definition{
				ID: id, Title: a[0] + " economy",
				Groups: []Group{
					{Name: "country", Weight: 0.4, Terms: []string{a[0], a[1], a[2]}},
					{Name: "economy", Weight: 0.4, Terms: []string{"inflation", "central bank", "currency", "budget deficit", "exports", "grain", "oil price"}},
				},
				Exclude: []string{a[2] + " football"},
			})
		default:
			defs = append(defs, Definition{
				ID: id, Title: a[0] + " and " + b[0],
				Query: fmt.Sprintf(`(%s OR %s) AND ("%s" OR %s NEAR/5 minister*) NOT football`, a[0], a[1], b[1], b[2]),
			})
		}
	}
	return defs
}

// benchArticle returns a 5,000-byte article built from testdata/article.txt.
func benchArticle(tb testing.TB) brief.Article {
	tb.Helper()
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		tb.Fatal(err)
	}
	title, body, _ := strings.Cut(string(b), "\n")
	body = strings.TrimSpace(body)
	text := body
	for len(text) < 5000 {
		text += "\n\n" + body
	}
	return brief.Article{ID: "bench", Title: title, Text: text[:5000]}
}

func BenchmarkMatch(b *testing.B) {
	m, err := Compile(benchTopics(50))
	if err != nil {
		b.Fatal(err)
	}
	a := benchArticle(b)
	b.SetBytes(int64(len(a.Title) + len(a.Text)))
	b.ReportAllocs()
	matched := 0
	for b.Loop() {
		matched = len(m.Match(a))
	}
	b.ReportMetric(float64(matched), "matches")
}

func BenchmarkMatchDefaults(b *testing.B) {
	m, err := Compile(Defaults())
	if err != nil {
		b.Fatal(err)
	}
	a := benchArticle(b)
	b.SetBytes(int64(len(a.Title) + len(a.Text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Match(a)
	}
}

func BenchmarkNormalize(b *testing.B) {
	a := benchArticle(b)
	b.SetBytes(int64(len(a.Text)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(a.Text)
	}
}

// pathological returns articles of about size bytes that a broken or
// hostile feed could send, each repeating a few words that hit the
// default topics (or, for the NEAR query, the query topic) thousands of
// times: in one endless sentence, in many, with the two sides of a pair
// far apart, with false friends, exclusions, acronyms and NEAR. Matching
// must take time in proportion to their length.
func pathological(size int) []brief.Article {
	rep := func(s string) string { return strings.Repeat(s, size/len(s)) }
	half := func(s string) string { return strings.Repeat(s, size/2/len(s)) }
	return []brief.Article{
		{ID: "one-sentence", Text: rep("Iran Russia ")},
		{ID: "sentences", Text: rep("Iran and Russia met in Moscow today. ")},
		{ID: "sides-apart", Text: half("Iran ") + half("Russia ")},
		{ID: "sides-apart-reversed", Text: half("Russia ") + half("Iran ")},
		{ID: "short-sentences", Text: rep("Iran. Russia. ")},
		{ID: "near-pair", Text: rep("Iran Russia ties ")},
		{ID: "lists", Text: rep("Iran, Russia, China and ")},
		{ID: "false-friends", Text: rep("SCO Group SCO summit ")},
		{ID: "exclusions", Text: rep("Iranian-made Russian drones ")},
		{ID: "acronyms-unspaced", Text: rep("(SCO)")},
		{ID: "acronyms-spelled-out", Text: rep("Shanghai Cooperation Organisation (SCO) summit ")},
		{ID: "query-near", Text: rep("enrich uranium ")},
	}
}

// pathologicalTopics are the defaults and a user's query topic with NEAR.
func pathologicalTopics() []Definition {
	return append(Defaults(), Definition{
		ID: "user-query", Title: "User query",
		Query: `(Iran OR Tehran) AND (Russia OR Kremlin) NOT football OR title:"nuclear deal" OR enrich* NEAR/4 uranium`,
	})
}

func BenchmarkMatchPathological(b *testing.B) {
	defaults, err := Compile(Defaults())
	if err != nil {
		b.Fatal(err)
	}
	query, err := Compile(pathologicalTopics())
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range pathological(200_000) {
		m := defaults
		if strings.HasPrefix(a.ID, "query") {
			m = query
		}
		b.Run(a.ID, func(b *testing.B) {
			b.SetBytes(int64(len(a.Title) + len(a.Text)))
			b.ReportAllocs()
			for b.Loop() {
				m.Match(a)
			}
		})
	}
}
