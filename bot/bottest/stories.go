package bottest

import (
	"time"

	"briefbot/bot"
	"briefbot/brief"
)

// StoryBriefing is the story briefing every adapter's golden shows: a
// story told by three outlets, its summary citing two of them, beside a
// story of one article, which keeps its look.
func StoryBriefing(platform string) bot.Response {
	rail := brief.Story{
		Article: brief.Article{ID: "gl-31238", FeedURL: "https://gulf.example/rss", Source: "Gulf & Levant Monitor",
			Title: "Tehran and Moscow sign Rasht-Astara track deal", Link: "https://gulf.example/trade/rasht-astara",
			Published: Now.Add(-90 * time.Minute)},
		Match: brief.Match{ArticleID: "gl-31238", TopicID: iranRussia.ID, Score: 1.7, Hits: []brief.Hit{
			{Term: "Iran", Found: "Tehran", Field: "title"}, {Term: "Russia", Found: "Moscow", Field: "title"}}},
		AlsoIn: []brief.Source{
			{FeedURL: "https://caspian.example/rss", Name: "Caspian Wire", Link: "https://caspian.example/news/rasht-astara"},
			{FeedURL: "https://edr.example/feed", Name: "Eurasia Diplomatic Review", Link: "https://edr.example/articles/7759"},
		},
		ID:      "cw-48240",
		Sources: 3,
		First:   Now.Add(-3 * time.Hour),
		Last:    Now.Add(-90 * time.Minute),
		Summary: []brief.Cited{
			{Text: "Iran and Russia signed the first track-laying contract for the Rasht-Astara railway.",
				ArticleID: "cw-48240", Source: "Caspian Wire", Link: "https://caspian.example/news/rasht-astara"},
			{Text: "Trains should run on the line before the end of the decade.",
				ArticleID: "edr-7759", Source: "Eurasia Diplomatic Review", Link: "https://edr.example/articles/7759"},
		},
	}
	single := story("a2", "Lavrov visits Tehran", "Daily Two", Now.Add(-5*time.Hour), "Russia's foreign minister arrived in Tehran.")
	return bot.Response{Kind: bot.KindBriefing, Platform: platform, Zone: "Asia/Tehran", Briefing: &brief.Briefing{
		Topic: iranRussia, Since: Now.Add(-7 * 24 * time.Hour), Until: Now, Stories: []brief.Story{rail, single}, Total: 2}}
}

// HostileStoryBriefing is a story briefing whose headline, outlet names
// and cited sentences carry markup, mentions and entities, and whose
// citation links are not all http(s).
func HostileStoryBriefing(platform string) bot.Response {
	r := StoryBriefing(platform)
	s := &r.Briefing.Stories[0]
	s.Article.Title = `<b>Deal</b> & <@U123> <!channel> <a href="javascript:alert(1)">x</a>`
	s.Article.Source = "Evil & Co <script>"
	s.Summary = []brief.Cited{
		{Text: `Iran & Russia <b>signed</b> "a deal" <!here> *now* _today_ |pipe|.`, ArticleID: "x1",
			Link: `https://evil.example/?a=1&b=<2>|"3"`},
		{Text: "Second <i>sentence</i> &amp; more.", ArticleID: "x2", Link: "javascript:alert(2)"},
	}
	return r
}

// Trends is the trend line every adapter's golden shows: three topics
// over the last seven days and the week before, one of them spiking
// today.
func Trends(platform string) bot.Response {
	sco := brief.Topic{ID: "sco", Title: "Shanghai Cooperation Organisation"}
	return bot.Response{Kind: bot.KindTrends, Platform: platform, Zone: "Asia/Tehran", Trends: []brief.Trend{
		{Topic: iranRussia, Days: []int{2, 3, 1, 4, 2, 5, 3, 6}},
		{Topic: jcpoa, Days: []int{0, 0, 1, 0, 0, 2, 0, 0}},
		{Topic: sco, Days: []int{3, 4, 2, 5, 3, 4, 3, 14}},
	}}
}
