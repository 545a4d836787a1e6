// Package digest schedules each channel's daily digest with
// github.com/robfig/cron/v3 in the channel's own time zone, builds it from
// the stories since the channel's previous digest, and queues it exactly
// once: the outbox key holds the channel, its topic set and the local date,
// and the window moves forward in the same transaction.
//
// Daylight-saving changes follow brief.NextDaily: a time inside a
// spring-forward gap runs at the first valid minute after it, a time that
// occurs twice on a fall-back day runs once. A digest missed while the bot
// was down is sent once at start-up.
//
// The package reaches storage and publishing through the small interfaces
// declared here; it knows nothing of chat platforms.
package digest
