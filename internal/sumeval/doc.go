// Package sumeval measures extractive summaries against reference summaries
// with ROUGE, the way briefbot's summarizer issue defines it: text is
// lower-cased and cut into runs of ASCII letters and digits, with no stemming
// and no stopword removal; ROUGE-N is clipped n-gram overlap and ROUGE-L the
// longest common subsequence of the two token sequences; F1 is computed per
// document and averaged over documents, times 100.
//
// It also loads the BBC News Summary layout (category/articles/NNN.txt next
// to category/summaries/NNN.txt), builds the Lead-N and greedy-oracle
// baselines, and runs a whole evaluation for the `briefbot eval summarize`
// command. It reads files and writes a report; it knows nothing of feeds,
// topics, chats or storage, and it calls the summarizer only through Func.
package sumeval
