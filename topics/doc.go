// Package topics decides which watched topics an article is about, and
// says why.
//
// Topics are data (Definition, decoded from the YAML config; Defaults holds
// the embedded jcpoa, sco and iran-russia): groups of multilingual terms
// with weights, pair requirements for relationship topics, exclusions,
// false friends, case-sensitive acronyms, fuzzy names, and an optional
// query in a small boolean language (ParseQuery). Compile turns every
// topic into one word-level index, so Match reads an article once for all
// topics and returns brief.Matches whose Hits name the terms that fired and
// where.
//
// The package knows nothing of feeds, storage, chats or the config file:
// it takes definitions and articles and returns matches.
package topics
