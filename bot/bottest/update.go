package bottest

import (
	"time"

	"briefbot/bot"
	"briefbot/brief"
	"briefbot/store"
)

// Update is the story update every adapter's update golden shows: two
// outlets joined the gas-deal story of the alert sample, one of them with
// a sentence the alert did not tell. It replies to the alert when replyTo
// is set, and stands alone (naming the story's link) when it is empty.
func Update(platform, replyTo string) bot.Response {
	u := store.StoryUpdate{
		Topic:   iranRussia,
		StoryID: "a1",
		Title:   "Iran and Russia sign a gas deal",
		Link:    "https://news.example/a1",
		NewOutlets: []brief.Source{
			{FeedURL: "https://four.example/rss", Name: "Agency Four", Link: "https://four.example/gas-price"},
			{FeedURL: "https://five.example/rss", Name: "Bulletin <Five> & Co", Link: "https://five.example/gas"},
		},
		Sentences: []store.UpdateSentence{
			{Text: "The first deliveries are due in March, at a price below the European benchmark.", Cite: 0},
		},
		Articles: []store.UpdateArticle{
			{ID: "a4", Title: "Gas deal: first deliveries in March", Source: "Agency Four",
				Link: "https://four.example/gas-price", Published: Now.Add(-30 * time.Minute)},
			{ID: "a5", Title: "Iran, Russia gas accord", Source: "Bulletin <Five> & Co",
				Link: "https://five.example/gas", Published: Now.Add(-20 * time.Minute)},
		},
		Outlets: 5,
		Latest:  Now.Add(-20 * time.Minute),
		ReplyTo: replyTo,
	}
	return bot.Response{Kind: bot.KindUpdate, Platform: platform, Zone: "Asia/Tehran", Update: &u}
}
