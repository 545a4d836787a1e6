// Package bot is briefbot's platform-agnostic chat core.
//
// ParseCommand turns what a user typed into a Command; Handler.Handle turns a
// Request into a structured Response (a briefing, a topic list, a notice),
// never into markup; Dispatcher writes every outgoing message to the durable
// outbox first and then delivers it through the Sender registered for its
// platform, retrying until the platform accepts it.
//
// Compose turns a Response into a Document: every word a chat sees,
// composed once (heading, stories with a linked headline, a meta line, a
// summary and context lines, buttons; spans of text, emphasis, code and
// links), bounded field by field, with times in the channel's zone.
//
// Adapters (bot/console, bot/slackbot, bot/telegrambot) are thin: they turn
// platform events into Requests and map a Document's spans to their markup,
// splitting to their platform's limits. This package imports no chat SDK
// and decides alone what a chat user sees, errors included.
package bot
