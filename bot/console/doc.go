// Package console is the stdin/stdout chat adapter: the offline quick
// start and the end-to-end tests talk to briefbot through it. It goes
// through exactly the same bot core as Slack and Telegram.
//
// Everything printed is cleaned of terminal control sequences first, since
// feed titles and summaries are untrusted and a hostile title could
// otherwise rewrite the operator's terminal.
package console
