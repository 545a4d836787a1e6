// Package summarize writes extractive summaries: it cuts an article into
// sentences (Split), scores them, and returns the best few verbatim, in
// article order (Summarize).
//
// Scoring is a graph method. Each sentence becomes a vector of its content
// words (lower-cased, stopwords removed; Russian words stemmed with the
// Snowball stemmer). Sentences are linked by the cosine similarity of those
// vectors, and a PageRank walk over the links ranks each sentence by how
// much of the article it speaks for. The walk's restart distribution leans
// towards sentences that share words with the headline and, when the caller
// briefs a topic, towards sentences that carry it; topic sentences also get
// a direct boost.
//
// A wire report, whose first sentence opens with a dateline ("TEHRAN
// (Reuters) -", "(CNN)"), is read the way it is written, as an inverted
// pyramid: its lede leads the summary, later sentences weigh their rank
// against how early they come, and quotations count for less than the
// reporter's own account. Other text is ranked by the walk alone.
//
// Selection skips sentences that repeat one already chosen, and never picks
// bylines, datelines, captions, footers or headline-like fragments.
//
// SummarizeStory summarises a story, one happening told by several
// articles, in a few sentences taken from several of them, each citing the
// article it is copied from. It reuses the single-article score and adds
// each sentence's support, how many of the other articles use its words
// (MEAD's centroid idea), then picks greedily: a sentence that repeats a
// chosen one is skipped, one that merely resembles it scores less (maximal
// marginal relevance), a second sentence from the same article scores less,
// and a sentence the other articles do not speak to is left out. Wire
// copies of a sentence are cited to the earliest article that carries it,
// and the summary is ordered by publication time, then by position.
// SummarizeUpdate picks the same way from a story's newly added articles,
// skipping whatever the articles a reader was already told about say.
//
// The package is a leaf: pure functions over text, deterministic and safe
// for concurrent use. It knows nothing of feeds, topics, storage or chats;
// a topic reaches it only as Options.Focus.
package summarize
