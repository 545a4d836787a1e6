// Package topiceval scores a topic matcher against hand-labelled news items
// (JSON Lines with id, title, text and labels): precision, recall and F1 per
// topic, their macro averages, and the items each topic got wrong.
//
// It knows nothing of how matching works; it takes a match function, so the
// same evaluation runs against any topic definitions.
package topiceval
