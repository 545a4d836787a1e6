// Package storyeval scores a grouping of news items into stories against a
// hand-labelled gold grouping: pairwise and B-cubed precision, recall and
// F1, next to two baselines (every item its own story, and the naive
// headline-overlap rule of ../shared/eval/stories-README.md).
//
// It knows nothing of how stories are formed; it takes a clustering
// function, so the same evaluation runs against any clusterer.
package storyeval
