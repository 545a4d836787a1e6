package summarize_test

import (
	"fmt"
	"time"

	"briefbot/brief"
	"briefbot/summarize"
)

func ExampleSummarizeStory() {
	t := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	story := []brief.Article{
		{ID: "b", Source: "Gulf Monitor", Published: t.Add(time.Hour), Title: "Tehran, Moscow seal rail deal",
			Text: "The two governments signed the Rasht-Astara railway contract on Tuesday, with Russian loans paying for the line. " +
				"Shipping firms in Dubai said the route could cut transit times by a third."},
		{ID: "a", Source: "Caspian Wire", Published: t, Title: "Iran and Russia sign railway contract",
			Text: "TEHRAN (Caspian Wire) - Iran and Russia signed a contract on Tuesday to build the Rasht-Astara railway. " +
				"Russia will lend 1.3 billion euros for the line, officials said."},
		{ID: "c", Source: "Steppe Bulletin", Published: t.Add(3 * time.Hour), Title: "Railway pact links Caspian to Gulf",
			Text: "A railway pact signed by Iran and Russia will link Caspian ports to the Gulf by 2030."},
	}
	for _, s := range summarize.SummarizeStory(story, summarize.StoryOptions{N: 2}) {
		fmt.Printf("[%s] %s\n", story[s.Article].Source, s.Text)
	}
	// Output:
	// [Caspian Wire] Iran and Russia signed a contract on Tuesday to build the Rasht-Astara railway.
	// [Steppe Bulletin] A railway pact signed by Iran and Russia will link Caspian ports to the Gulf by 2030.
}
