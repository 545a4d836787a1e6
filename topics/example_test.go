package topics_test

import (
	"fmt"
	"strings"

	"briefbot/brief"
	"briefbot/topics"
)

func ExampleMatcher_Match() {
	m, err := topics.Compile(topics.Defaults())
	if err != nil {
		panic(err)
	}
	a := brief.Article{
		ID:    "example",
		Title: "Putin hosts President Riasi in Moscow",
		Text:  "Russia and Iran signed a treaty on trade and banking links.",
	}
	for _, match := range m.Match(a) {
		fmt.Printf("%s: %s\n", match.TopicID, strings.Join(match.Terms(), ", "))
		for _, h := range match.Hits {
			if h.Field == "title" {
				fmt.Printf("  %s %q at %d as %q\n", h.Field, h.Found, h.Offset, h.Term)
			}
		}
	}
	// Output:
	// iran-russia: Putin*, host*, Raisi, Moscow, Russia*, Iran*, treaty, trade, banking, link*
	//   title "Putin" at 0 as "Putin*"
	//   title "hosts" at 6 as "host*"
	//   title "Riasi" at 22 as "Raisi"
	//   title "Moscow" at 31 as "Moscow"
}

func ExampleParseQuery() {
	_, err := topics.ParseQuery("(Iran OR Tehran) AND (Russia OR Kremlin")
	fmt.Println(err)
	q, _ := topics.ParseQuery("(Iran OR Tehran) (Russia OR Kremlin) NOT football")
	fmt.Println(q)
	// Output:
	// query syntax error at column 40: expected ")" to close the "(" at column 22, found the end of the query
	// (Iran OR Tehran) AND (Russia OR Kremlin) AND NOT football
}
