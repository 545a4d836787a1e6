// Package stories groups articles about the same happening into stories, as
// they arrive: one event reported by a dozen outlets, under a dozen
// headlines and in several languages, becomes one story, while reactions,
// analyses and follow-ups a week later stay stories of their own.
//
// A Clusterer assigns one article at a time to a story and says how close
// the nearest earlier article was, so the same mechanism also finds
// near-duplicates (wire copies). Each article is reduced to a Fingerprint,
// a few weighted terms of its headline and lead: spellings are folded so
// that names written in Latin, Polish or Cyrillic letters meet (Władimir,
// Vladimir, Владимир), and callers may pass anchors (the topic aliases an
// article matched) that join articles whose words do not. Candidate
// stories come from an inverted index of terms, and the work per article is
// bounded however many stories are open. Stories and document frequencies
// are plain exported values, so a store can save them and a restart can
// Load them without the articles' texts.
//
// The package knows nothing of feeds, topics, storage or chats; it imports
// only the standard library.
package stories
