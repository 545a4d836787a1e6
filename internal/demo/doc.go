// Package demo holds the sample feeds behind briefbot's offline demo and the
// loopback server that publishes them.
//
// With no config, tokens or network, briefbot polls these feeds through the
// same HTTP fetch path real feeds use. The feeds are written for the demo:
// invented outlets and invented stories about the three default topics
// (jcpoa, sco, iran-russia), mixed with near-misses a careless keyword
// matcher would alert on. Item dates are relative to the moment the server
// starts, so the demo always looks fresh, and a few items only appear minutes
// after start, so a user watching sees new alerts arrive.
//
// Some events arrive the way real news does, from several outlets under
// different headlines: the Rasht-Astara track contract is reported by all
// three outlets and, in Russian, by Eurasia Diplomatic Review, next to an
// opinion piece about it; Iran's rejection of the IAEA report comes from two
// outlets in their own words, and Russia's uranium offer as one wire story in
// two. So a briefing that lists stories shows one entry with several sources.
// After start, the IAEA's return to Isfahan arrives from one outlet (+9m)
// and then from a second (+12m), so an alerted story gains an update.
//
// Expected is the ground truth: which default topics each item is meant to be
// about. End-to-end tests elsewhere use it to check the matcher.
// ExpectedStories groups the items that report one happening, for checking
// how stories are formed.
//
// DatabasePath names the demo's own database file, beside the real one, so
// its invented stories never mix with a real run's.
//
// The package knows nothing of feed parsing, topics, storage or chats; it
// only renders documents and serves them over HTTP with conditional GET.
package demo
