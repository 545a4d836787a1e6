package stories

import (
	"strings"
)

// Kind says what sort of piece an article is. Reports of one happening
// join into one story; commentary (opinion, analysis, "what it means"
// pieces, questions) and round-ups of several happenings form stories of
// their own, joined only by copies of the same piece.
type Kind uint8

const (
	// KindAuto asks Assign to tell the kind from the headline.
	KindAuto Kind = iota
	// KindReport is a report of a happening, a preview of it, or a factual
	// explainer of exactly what happened.
	KindReport
	// KindCommentary is opinion, analysis, a question headline, or a
	// round-up that lists several happenings.
	KindCommentary
	// KindDenial is a denial or rebuttal of someone's claim: a happening
	// of its own, by other actors, even when it repeats the claim's words.
	KindDenial
)

// String names the kind for logs and stored rows.
func (k Kind) String() string {
	switch k {
	case KindReport:
		return "report"
	case KindCommentary:
		return "commentary"
	case KindDenial:
		return "denial"
	}
	return "auto"
}

// MarshalText writes the kind's name, so stored stories read "report".
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name written by MarshalText; an unknown name is
// KindAuto, which Load takes for a report.
func (k *Kind) UnmarshalText(b []byte) error {
	*k = ParseKind(string(b))
	return nil
}

// ParseKind reads a kind written by String; anything else is KindAuto.
func ParseKind(s string) Kind {
	switch s {
	case "report":
		return KindReport
	case "commentary":
		return KindCommentary
	case "denial":
		return KindDenial
	}
	return KindAuto
}

// Classify tells a report from commentary and from a denial by the
// conventions headlines follow in English, Polish and Russian: a question, an "Opinion:" or
// "Analysis:" label, a columnist's byline after a bar, "what it means"
// and "why" framings, and round-up titles ("... and more top headlines",
// "The Papers"). Explainers of what happened ("What to know about ...",
// "What we know so far") stay reports, as do headlines that report first
// and add "Here's why it matters".
func Classify(title string) Kind {
	t := strings.ToLower(strings.TrimSpace(title))
	t = quotes.Replace(t)
	if t == "" {
		return KindReport
	}
	for _, p := range explainers {
		if strings.Contains(t, p) {
			return KindReport
		}
	}
	if strings.HasSuffix(strings.TrimRight(t, " \"'"), "?") {
		return KindCommentary
	}
	// A question in the first clause ("Why X? Here is ...").
	if i := strings.IndexAny(t, "?"); i >= 0 && i < len(t)-1 && !strings.Contains(t[:i], ":") {
		return KindCommentary
	}
	if strings.Contains(title, " | ") {
		// The Guardian and others put a columnist's name after a bar.
		return KindCommentary
	}
	for _, p := range commentaryPrefixes {
		if strings.HasPrefix(t, p) {
			return KindCommentary
		}
	}
	for _, p := range commentaryPhrases {
		if strings.Contains(t, p) {
			return KindCommentary
		}
	}
	for _, p := range denialPhrases {
		if strings.Contains(" "+t+" ", p) {
			return KindDenial
		}
	}
	return KindReport
}

// denialPhrases mark a headline that denies or rebuts a claim. The claim
// and its denial are two stories: different actors doing different things.
var denialPhrases = []string{
	" denies ", " denied ", " deny ", " denial ", " refutes ", " rebuts ", " dismisses ", " shoots down ",
	" lie ", " lie' ", " lie\" ", " lies ", " false claim", " false ",
	" zaprzecza", " zdementow", " dementuje", " kłamstwo", " опроверг", " отрицает", " ложь",
}

// quotes straightens typographic quotes, so phrases match either way.
var quotes = strings.NewReplacer("’", "'", "‘", "'", "“", "\"", "”", "\"")

var explainers = []string{
	"what to know", "what we know", "what you need to know", "things to know", "here's what happened",
	"co wiemy", "co wiadomo", "что известно",
}

var commentaryPrefixes = []string{
	"opinion", "analysis", "editorial", "comment:", "commentary", "column:", "letters:", "the guardian view",
	"view:", "the view from", "podcast", "live:", "live updates", "the papers",
	"why ", "how ", "what does ", "what do ", "what will ", "what would ", "what next", "what's next",
	"what is ", "what are ", "what it means", "what the ", "what to expect", "will ", "can ", "could ",
	"should ", "is ", "are ", "does ", "do ",
	"opinia", "komentarz", "analiza", "felieton", "dlaczego", "czy ", "jak ", "co oznacza", "co dalej",
	"мнение", "комментарий", "анализ", "почему", "как ", "что значит", "что будет",
}

var commentaryPhrases = []string{
	"mean for", "means for", "meaning of", "implications", "significance", "lessons from", "lesson for",
	"top headlines", "newsletter", "op-ed", " opinion:", "analysis:",
	"winners and losers", "world reacts", "reactions to", "reacts to", "| opinion", "| analysis",
	"co to oznacza", "co to znaczy", "oznacza dla",
}
