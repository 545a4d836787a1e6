// Package telegrambot connects the bot core to Telegram through
// github.com/go-telegram-bot-api/telegram-bot-api/v5, the only package
// that imports that library.
//
// Inbound, it long-polls getUpdates with its own loop (or receives webhook
// calls at WebhookPath, each checked for the secret token) and turns a
// command message or a button press into a bot.Request for the core,
// confirming an update only after the core has queued its answer. In
// groups it answers only commands addressed to it (or bare commands it
// knows), and lets only administrators change subscriptions when asked to.
// Outbound, it implements bot.Sender: it renders every bot.Response as
// Telegram HTML with all feed and user text escaped, splits it at 4,096
// characters on paragraph boundaries, and keeps to Telegram's flood limits,
// waiting out a 429 rather than dropping a message.
//
// The library speaks Bot API 5.5; newer parameters (message_thread_id,
// secret_token) go through its raw request call, and updates are decoded
// into the package's own types. The bot token never leaves the package: it
// is scrubbed from every error returned and every log line, the library's
// included.
//
// It knows nothing of storage, feeds or what commands mean: the core
// decides every word a user sees, errors included.
package telegrambot
