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
//
// Each mechanism has its own file, and its tests in the file of the same
// name with _test: definition (the YAML form and Validate), compile
// (definitions into topics and one index), index (the word trie and its
// tables), normalize (the matching key of a word), tokenize (words of a
// field), filter (the word filter that skips words no term starts with),
// sentence (sentence ends, paragraphs, captions, datelines), matcher (the
// one pass over an article: scan, then each topic with hits), score (a
// topic's rules applied to its hits), pair (pairing the two sides of a
// relation), colist, venue, clause, agent and salience (what counts as
// a relation, who acts on whom, and where it weighs most), acronym
// (acronyms spelt out as something else), query and queryeval (the query
// language, parsed and evaluated), explain (why a topic did or did not
// match).
package topics
