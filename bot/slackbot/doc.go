// Package slackbot connects the bot core to Slack.
//
// Inbound, it turns a /brief slash command, a direct message, an app
// mention or a button press into a bot.Request, records it in a
// bot.Inbox under Slack's ID for it, then acknowledges Slack (which allows
// 3 seconds) and hands it to a bot.Server: an acknowledged request
// survives a crash, and a replay or redelivery is served once. It
// listens over Socket Mode (an app-level xapp- token, no public URL) or,
// without an app token, over HTTP: Handler serves /slack/commands,
// /slack/events and /slack/interactive, each request verified with the
// signing secret.
//
// Outbound, it implements bot.Sender: it renders a bot.Response as Block
// Kit, escapes every piece of feed and user text so it can neither format
// nor ping, splits what does not fit Slack's limits into several messages
// in order, paces posts per channel and honours Retry-After.
//
// It is the only package that imports github.com/slack-go/slack. It must
// not decide what a user sees (the core does, errors included), and it must
// never log or return a token or the signing secret.
package slackbot
