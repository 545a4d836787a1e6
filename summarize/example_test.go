package summarize_test

import (
	"fmt"
	"strings"

	"briefbot/summarize"
)

func ExampleSummarize() {
	article := `Written by a staff reporter

TEHRAN (Wire) - Iran and Russia signed a trade agreement on Monday that cuts tariffs on grain and machinery.

The trade agreement was signed in Tehran by the two countries' trade ministers. Officials said trade between Iran and Russia could double within three years.

Separately, Iran said talks on its nuclear programme would resume in Vienna next week. Diplomats expect the Vienna talks to focus on the nuclear programme's enrichment limits.

Read more: Iran and Russia trade`

	// The dateline marks a wire report, written lede first: the lede leads.
	fmt.Println("Summary:")
	for _, s := range summarize.Summarize(article, summarize.Options{N: 2}) {
		fmt.Println("-", s)
	}

	// A topic focus picks the part of the article about that topic.
	nuclear := func(s string) float64 { return float64(strings.Count(strings.ToLower(s), "nuclear")) }
	fmt.Println("Nuclear briefing:")
	for _, s := range summarize.Summarize(article, summarize.Options{N: 2, Focus: nuclear}) {
		fmt.Println("-", s)
	}
	// Output:
	// Summary:
	// - Iran and Russia signed a trade agreement on Monday that cuts tariffs on grain and machinery.
	// - Officials said trade between Iran and Russia could double within three years.
	// Nuclear briefing:
	// - Separately, Iran said talks on its nuclear programme would resume in Vienna next week.
	// - Diplomats expect the Vienna talks to focus on the nuclear programme's enrichment limits.
}

func ExampleSplit() {
	for _, s := range summarize.Split(`Mr. Smith flew to the U.S. on Jan. 5. "It went well," he said... Then he left.`) {
		fmt.Println(s)
	}
	// Output:
	// Mr. Smith flew to the U.S. on Jan. 5.
	// "It went well," he said...
	// Then he left.
}
