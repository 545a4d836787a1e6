// Package storetest is the contract suite every store.Store backend must
// pass. Run runs each case as a parallel subtest against a fresh store, so
// the SQLite and PostgreSQL backends are held to the same behaviour:
// sentinel errors, ordering, idempotency keys, the alert queue, outbox
// leases and their expiry, concurrent claims, pruning and exact
// microsecond UTC time round-trips.
//
// Cases pass every time explicitly (a fixed clock from t0); none reads the
// wall clock or sleeps. The package knows no SQL and no driver: backends
// supply an open function that returns an isolated, empty store.
//
// # Contract readings
//
// Where the store.Store comments are silent or ambiguous, the backends
// follow these readings, chosen so that no user data is lost and no
// message goes out that should not, and the suite checks them:
//
//   - A channel is the whole brief.ChannelRef, Thread included: a Slack
//     thread is its own target for subscriptions, digest schedules,
//     DisableChannel and per-channel delivery order. Channels order by
//     platform, then ID, then thread.
//   - Stories lists a story once per topic, under the first article of
//     the story stored with a match on the topic (the one its alert
//     showed), in the window of that article's Published time: a story
//     briefed yesterday does not come back today through a later
//     article. An article saved without a story is its own story, or its
//     near duplicate original's when that is stored. AlsoIn lists the
//     article's other feeds and then the feeds of the story's articles
//     stored after it, in the order they were seen, each feed once, never
//     the article's own first feed. A story queues alerts once per topic.
//   - StoriesByID returns an ID given twice once, at its first place, and
//     returns a near duplicate asked for by ID as a story of its own.
//   - SaveArticle on a stored ID records the new feed (a feed already
//     recorded adds nothing) and ignores the copy's fields and matches. A
//     topic matched twice in one call keeps the first match.
//   - Subscribe keeps Created and MutedUntil of an existing subscription
//     when it changes the mode or re-enables it; a new subscription is
//     never stored disabled. A mode other than alerts, digest or both is
//     refused.
//   - Unsubscribe has no clock, so "handed to a delivery worker" means
//     claimed by ClaimDue and not yet released by MarkRetry, even when the
//     lease has run out; such a message is left alone (it may still be
//     delivered), every other pending alert message of that channel and
//     topic is cancelled. Queue rows already carried by a message stay
//     with it; only uncarried ones are dropped.
//   - DisableChannel cancels every pending message of the channel, held
//     ones included (the platform refuses the channel), keeps the first
//     reason and time when called again, and stores an empty reason as
//     "disabled" so the subscriptions still read as disabled.
//   - Mute with a zero or past time unmutes; alerts queued before a mute
//     stay queued.
//   - EnqueueAlert also returns brief.ErrNotFound, writing nothing, when an
//     article of the batch is no longer queued for that channel and topic
//     (unsubscribed, disabled or pruned since DueAlertBatches), so no alert
//     goes out for a subscription that is gone. A message whose key exists
//     is brief.ErrDuplicate first. Empty Channel, TopicID and Kind of the
//     message are taken from the batch; a message for another channel or
//     topic, and an empty batch, are refused.
//   - EnqueueDigest works on msg.Channel; sched.Channel must be empty or
//     the same. LastUntil is set to the value given.
//   - Every Enqueue stores a new pending, untried message: ID, Status,
//     Attempts, LastError and SentAt of the argument are ignored, an empty
//     key is refused, and a zero NextAttempt means due at once.
//   - "Oldest" in ClaimDue and Messages is the first enqueued (lowest ID).
//     A channel whose oldest pending message waits for a retry gets
//     nothing, so order holds. Each claim counts as an attempt. A limit of
//     zero or less claims nothing; the lease must be positive. Claimed
//     messages come back ordered by ID.
//   - MarkSent, MarkRetry and MarkFailed return brief.ErrNotFound for an
//     unknown ID and always release the lease. MarkSent records sent
//     whatever the status (the platform took it) and keeps the first
//     SentAt; MarkRetry reschedules and MarkFailed fails only a pending
//     message, so a sent or cancelled one stays so.
//   - Prune's cutoff is exclusive (fetched or created before it). Pruning
//     a message deletes the queue rows it carried, so its articles are not
//     alerted again.
//   - Times are truncated to the microsecond and come back in UTC; the
//     zero time comes back zero.
//   - Close waits for calls in flight, then closes; later calls fail, and
//     a second Close does nothing.
package storetest
