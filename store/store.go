package store

// Store is the single persistence contract, the sum of the roles its
// consumers use; each consumer declares (or takes) only the role it needs.
// Every time it stores is UTC. A channel is the whole ChannelRef, Thread
// included.
// Methods return the brief sentinel errors their comments name, wrapped;
// anything else is an operational failure (the database is unreachable).
type Store interface {
	FeedRegistry
	Articles
	StoryReader
	Subscribers
	ChannelSettings
	Watches
	Outbox
	Updates
	Inbox
	Maintenance
	Leadership
	FeedLeases
	Trends
	StoryDetails
	StorySync

	// Close waits for calls in flight, then closes the database; later
	// calls fail, and a second Close does nothing.
	Close() error
}
