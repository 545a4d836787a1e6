package topics

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// QueryLimits bound a query that a chat user types, so that one channel's
// topic cannot make every article slower to match.
type QueryLimits struct {
	// MaxChars is the longest query, in characters (default 200).
	MaxChars int
	// MaxTerms is the most words, phrases and prefixes a query may look
	// for, counting each occurrence (default 12).
	MaxTerms int
}

// Default query limits.
const (
	DefaultMaxQueryChars = 200
	DefaultMaxQueryTerms = 12
)

func (l QueryLimits) withDefaults() QueryLimits {
	if l.MaxChars <= 0 {
		l.MaxChars = DefaultMaxQueryChars
	}
	if l.MaxTerms <= 0 {
		l.MaxTerms = DefaultMaxQueryTerms
	}
	return l
}

// LimitError is a query over one of its QueryLimits.
type LimitError struct {
	What       string // "characters" or "terms"
	Got, Limit int
}

func (e *LimitError) Error() string {
	if e.What == "terms" {
		return fmt.Sprintf("the query looks for %d terms; use at most %d (join synonyms with OR in fewer words, or watch two topics)", e.Got, e.Limit)
	}
	return fmt.Sprintf("the query is %d characters long; shorten it to at most %d", e.Got, e.Limit)
}

// QueryDefinition checks a query a chat user typed against the limits and
// the query language, and returns the topic definition that watches it
// under id, titled title. A syntax error is a *SyntaxError naming the
// column; a query over a limit is a *LimitError; other problems (a query
// that matches by absence alone, a reference to a group) are plain errors
// that say what to change.
func QueryDefinition(id, title, query string, lim QueryLimits) (Definition, error) {
	lim = lim.withDefaults()
	if n := utf8.RuneCountInString(query); n > lim.MaxChars {
		return Definition{}, &LimitError{What: "characters", Got: n, Limit: lim.MaxChars}
	}
	q, err := ParseQuery(query)
	if err != nil {
		return Definition{}, err
	}
	if refs := q.groupRefs(); len(refs) > 0 {
		return Definition{}, fmt.Errorf("@%s names a group, and a topic typed in chat has none; write the words themselves", refs[0])
	}
	if n := len(q.terms()); n > lim.MaxTerms {
		return Definition{}, &LimitError{What: "terms", Got: n, Limit: lim.MaxTerms}
	}
	if q.root.evalEmpty() {
		return Definition{}, errors.New("the query holds for articles that contain none of its words; add a word to look for outside NOT")
	}
	d := Definition{ID: id, Title: title, Query: query}
	if err := Validate([]Definition{d}); err != nil {
		return Definition{}, err
	}
	return d, nil
}

// CheckID reports whether id can name a topic: lower-kebab, at most 32
// bytes, and not a chat command. The error says what to change.
func CheckID(id string) error {
	var err error
	validateID(id, nil, func(_, format string, args ...any) {
		err = fmt.Errorf(format, args...)
	})
	return err
}
