// Package bot is briefbot's platform-agnostic chat core.
//
// ParseCommand turns what a user typed into a Command; Handler.Handle turns a
// Request into a structured Response (a briefing, a topic list, a notice),
// never into markup; Dispatcher writes every outgoing message to the durable
// outbox first and then delivers it through the Sender registered for its
// platform, retrying until the platform accepts it.
//
// Adapters (bot/console, bot/slackbot, bot/telegrambot) are thin: they turn
// platform events into Requests and render Responses. This package imports
// no chat SDK and decides alone what a chat user sees, errors included.
package bot
