package topics

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Definition is one watched topic as data. It decodes from YAML (the
// config file's topics list, and defaults.yaml). A topic is written either
// with term groups, which the scoring rules below weigh, or with a query in
// the query language (see ParseQuery), or with both, in which case the
// query must also hold.
//
// Scoring. Every occurrence of a group's term is a hit at a location (the
// title, the lead sentence of the text, the rest of the text, a photo
// caption: a paragraph ending in a credit such as "(Pool via Reuters)")
// whose weight FieldWeights gives; a wire dateline ("TEHRAN –") is no
// location at all. A group adds its Weight times the weight of its
// best-placed hit, plus half that for its second hit, a quarter for its
// third and so on (at most twice the best). A topic with Sides also needs a
// pair, a hit from each side in the same sentence or within Near words of
// each other (the title is one sentence); each hit pairs once, and pairs
// add PairWeight the same way. The article matches when the sum reaches
// Threshold.
//
// Case-sensitive acronyms (two to six capitals) do not count in an article
// that spells them out as something else: "Supply Chain Operations (SCO)".
//
// Zero values mean the defaults, so a definition states only what differs.
type Definition struct {
	// ID is the lower-kebab identifier users type ("iran-russia"), at most
	// 32 bytes.
	ID string `yaml:"id"`
	// Title is the human name of the topic.
	Title string `yaml:"title"`
	// Description says what the topic covers and what it does not.
	Description string `yaml:"description,omitempty"`
	// Groups hold the topic's terms, each group with its own weight.
	Groups []Group `yaml:"groups,omitempty"`
	// Sides makes a pair topic: exactly two lists of group names. A term in
	// a group listed on both sides ("JCPOA" names both Iran and its nuclear
	// programme) is a pair by itself.
	Sides [][]string `yaml:"sides,omitempty"`
	// PairWeight is what each pair adds (default 0.5).
	PairWeight float64 `yaml:"pair_weight,omitempty"`
	// Near is how many words may separate the two hits of a pair (default
	// 10) when they are not in the same sentence; the title is one
	// sentence.
	Near int `yaml:"near,omitempty"`
	// FieldWeights weighs hits by location: title, lead, text, caption
	// (defaults 1, 0.6, 0.4, 0.1). Keys left out keep their default.
	FieldWeights map[string]float64 `yaml:"field_weights,omitempty"`
	// Threshold is the score an article needs (default 1 when a group has
	// a positive weight; otherwise 0, and the query alone decides).
	Threshold float64 `yaml:"threshold,omitempty"`
	// CaseSensitive lists terms (as written in Groups, Exclude or Query)
	// that match only with the same letter case: acronyms such as "SCO",
	// which must not fire on the word "sco".
	CaseSensitive []string `yaml:"case_sensitive,omitempty"`
	// Fuzzy lists one-word names (as written in Groups or Query) that also
	// match misspellings within a small edit distance: "Raisi" finds
	// "Riasi", "Rouhani" finds "Rohani".
	Fuzzy []string `yaml:"fuzzy,omitempty"`
	// Exclude lists phrases inside which the topic's terms do not count:
	// with "Iranian-made", the word "Iranian" in "Iranian-made drones" is no
	// hit. Evidence against the topic (negative groups) still counts there.
	Exclude []string `yaml:"exclude,omitempty"`
	// FalseFriends maps a term to phrases that reveal it means something
	// else: when one occurs anywhere in the article, that term's hits do not
	// count there ("SCO": ["SCO Group", "Angers"]).
	FalseFriends map[string][]string `yaml:"false_friends,omitempty"`
	// Query is a boolean query in the query language (see ParseQuery). It
	// may name a group as @name.
	Query string `yaml:"query,omitempty"`
}

// Group is a named list of terms sharing one weight. A term is a word or a
// phrase; "word*" matches every word that starts with "word" (at least
// three letters before the star, four keep matching fast); words written
// with a hyphen also match written together or apart ("non-proliferation"
// finds "nonproliferation" and "non proliferation").
type Group struct {
	// Name identifies the group within its topic (for Sides, Needs and @name
	// in queries).
	Name string `yaml:"name"`
	// Weight is what the group's best hit adds to the score; a negative
	// weight marks evidence against the topic. Zero suits a group used only
	// as a side or a need.
	Weight float64 `yaml:"weight,omitempty"`
	// Needs names groups of which one must hit somewhere in the article for
	// this group's hits to count: the acronym "SCO" counts in an article
	// that also says "summit" or "Shanghai Cooperation Organisation", not
	// alone. Two groups may need each other.
	Needs []string `yaml:"needs,omitempty"`
	// CountsAs names another group whose hits this group's hits join, as
	// further names of the same thing: an acronym that needs context counts
	// as the organisation's full name, and "Shanghai Cooperation
	// Organisation (SCO)" is then one name mentioned twice, not two kinds of
	// evidence. A group with CountsAs has no weight of its own.
	CountsAs string `yaml:"counts_as,omitempty"`
	// NearPair makes the group count only next to a pair: in the sentence
	// of one of its hits or within Near words of it (the title is one
	// sentence). Relationship words ("ties", "visit", "treaty") say two
	// sides are related only where both sides are named.
	NearPair bool `yaml:"near_pair,omitempty"`
	// BreaksPairs makes the group's hits break pairs next to them: a side's
	// hit with at most one word between it and one of them is an item of a
	// list ("Russian, Iranian and Venezuelan oil", "China, Russia and Iran")
	// and pairs with nothing. It suits a group of third parties in a pair
	// topic.
	BreaksPairs bool `yaml:"breaks_pairs,omitempty"`
	// ThirdParties marks the group's terms as actors other than the two
	// sides of a pair topic with relation words (groups with near_pair). A
	// sentence that names one of them, then a relation word, and only then
	// the sides, some words after it, tells what the third party does to
	// something of theirs ("Israel may sell Ukraine jammers against
	// Iranian drones used by Russia"): the sides' pair in it counts only
	// if a relation word stands between them.
	ThirdParties bool `yaml:"third_parties,omitempty"`
	// OwnAffairs marks the group's terms as one side's own affairs (its
	// economy, its elections, its nuclear programme) in a pair topic with
	// relation words. A headline that names at most one side and one of
	// these terms tells a story about that side ("Russia's ally faces 50%
	// inflation"): the pairs and relation words of the text
	// then weigh as background, at the weight of the rest of the text, even
	// in the lead. The group needs no weight of its own.
	OwnAffairs bool `yaml:"own_affairs,omitempty"`
	// FieldWeights overrides the topic's location weights for this group:
	// context words ("summit", "joins") say what a story is about in the
	// headline, and little in the body, where they come up anyway.
	FieldWeights map[string]float64 `yaml:"field_weights,omitempty"`
	// Terms are the group's words and phrases.
	Terms []string `yaml:"terms"`
}

// Defaults used when a definition leaves a number out.
const (
	defaultThreshold  = 1.0
	defaultPairWeight = 0.5
	defaultNear       = 10
	maxNear           = 100
	maxGroups         = 63
	maxIDLen          = 32
	minFuzzyLen       = 5
	minPrefixLen      = 3
)

var defaultLocWeights = [numLocs]float64{locTitle: 1, locLead: 0.6, locBody: 0.4, locCaption: 0.1}

//go:embed defaults.yaml
var defaultsYAML []byte

// Defaults returns the embedded default topics (jcpoa, sco, iran-russia),
// decoded afresh on every call so callers may change them.
func Defaults() []Definition {
	var doc struct {
		Topics []Definition `yaml:"topics"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(defaultsYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		// The file is compiled in and a test decodes it; this cannot
		// happen in a released binary.
		panic(fmt.Sprintf("decode embedded defaults.yaml: %v", err))
	}
	return doc.Topics
}

// reservedIDs are chat commands; a topic with one of these IDs could not be
// told apart from the command.
var reservedIDs = []string{"help", "topics", "subscribe", "unsubscribe", "subscriptions", "digest", "mute", "more", "start"}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks definitions and reports every problem at once (joined
// with errors.Join), each naming the topic, the field and the fix.
func Validate(defs []Definition) error {
	var errs []error
	seen := map[string]bool{}
	for i, d := range defs {
		name := fmt.Sprintf("topic %q", d.ID)
		if d.ID == "" {
			name = fmt.Sprintf("topic #%d", i+1)
		}
		bad := func(field, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s: %s", name, field, fmt.Sprintf(format, args...)))
		}
		validateID(d.ID, seen, bad)
		seen[d.ID] = true
		if strings.TrimSpace(d.Title) == "" {
			bad("title", "empty; give the topic a human name")
		}
		validateDefinitionBody(d, bad)
	}
	return errors.Join(errs...)
}

type complaint func(field, format string, args ...any)

func validateID(id string, seen map[string]bool, bad complaint) {
	switch {
	case id == "":
		bad("id", "empty; set a lower-kebab id such as \"iran-oil\"")
	case len(id) > maxIDLen:
		bad("id", "%d bytes long; shorten it to at most %d", len(id), maxIDLen)
	case !idPattern.MatchString(id):
		bad("id", "must be lower-kebab (a-z, 0-9 and single hyphens), e.g. %q", suggestID(id))
	case slices.Contains(reservedIDs, id):
		bad("id", "%q is a chat command; choose another id", id)
	case seen[id]:
		bad("id", "duplicate; every topic needs its own id")
	}
}

// suggestID turns an invalid id into a lower-kebab suggestion.
func suggestID(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-topic"
	}
	return b.String()
}

func validateDefinitionBody(d Definition, bad complaint) {
	groups := map[string]bool{}
	terms := map[string]bool{} // terms as written, for case_sensitive, fuzzy, false_friends
	anyPositive := false
	if len(d.Groups) > maxGroups {
		bad("groups", "%d groups; merge them into at most %d", len(d.Groups), maxGroups)
	}
	for gi, g := range d.Groups {
		field := fmt.Sprintf("groups[%d]", gi)
		switch {
		case g.Name == "":
			bad(field+".name", "empty; name the group so sides, needs and queries can refer to it")
		case groups[g.Name]:
			bad(field+".name", "duplicate group %q; rename one", g.Name)
		}
		groups[g.Name] = true
		if math.IsNaN(g.Weight) || math.IsInf(g.Weight, 0) {
			bad(field+".weight", "not a number; use a finite weight such as 0.3")
		}
		if g.Weight > 0 || g.CountsAs != "" {
			anyPositive = true
		}
		if len(g.Terms) == 0 {
			bad(field+".terms", "empty; list the words and phrases of group %q", g.Name)
		}
		for ti, t := range g.Terms {
			validateTerm(fmt.Sprintf("%s.terms[%d]", field, ti), t, bad)
			terms[t] = true
		}
	}
	for gi, g := range d.Groups {
		for _, n := range g.Needs {
			if !groups[n] {
				bad(fmt.Sprintf("groups[%d].needs", gi), "unknown group %q; name a group of this topic", n)
			}
			if n == g.Name {
				bad(fmt.Sprintf("groups[%d].needs", gi), "group %q needs itself; name another group", n)
			}
		}
	}
	for gi, g := range d.Groups {
		if g.CountsAs != "" {
			field := fmt.Sprintf("groups[%d].counts_as", gi)
			i := slices.IndexFunc(d.Groups, func(x Group) bool { return x.Name == g.CountsAs })
			switch {
			case i < 0:
				bad(field, "unknown group %q; name a group of this topic", g.CountsAs)
			case i == gi:
				bad(field, "group %q counts as itself; name another group", g.Name)
			case d.Groups[i].CountsAs != "":
				bad(field, "group %q counts as %q in turn; name the group it counts as", g.CountsAs, d.Groups[i].CountsAs)
			}
			if g.Weight != 0 {
				bad(fmt.Sprintf("groups[%d].weight", gi), "set with counts_as; the group weighs as %q, so remove the weight", g.CountsAs)
			}
			if g.NearPair {
				bad(fmt.Sprintf("groups[%d].near_pair", gi), "set with counts_as; set near_pair on %q instead", g.CountsAs)
			}
		}
		if g.BreaksPairs && len(d.Sides) == 0 {
			bad(fmt.Sprintf("groups[%d].breaks_pairs", gi), "set in a topic without sides; add sides or remove breaks_pairs")
		}
		if g.ThirdParties && len(d.Sides) == 0 {
			bad(fmt.Sprintf("groups[%d].third_parties", gi), "set in a topic without sides; add sides or remove third_parties")
		}
		if g.NearPair && len(d.Sides) == 0 {
			bad(fmt.Sprintf("groups[%d].near_pair", gi), "set in a topic without sides; add sides or remove near_pair")
		}
		if g.OwnAffairs && !slices.ContainsFunc(d.Groups, func(x Group) bool { return x.NearPair && x.Weight > 0 }) {
			bad(fmt.Sprintf("groups[%d].own_affairs", gi), "set in a topic without relation words; add sides and a near_pair group with a positive weight, or remove own_affairs")
		}
		for _, side := range d.Sides {
			if g.NearPair && slices.Contains(side, g.Name) {
				bad(fmt.Sprintf("groups[%d].near_pair", gi), "group %q is a side itself; remove near_pair or take it out of sides", g.Name)
			}
		}
	}
	if len(d.Sides) > 0 {
		if len(d.Sides) != 2 {
			bad("sides", "has %d lists; a pair topic has exactly two sides", len(d.Sides))
		}
		for si, side := range d.Sides {
			if len(side) == 0 {
				bad(fmt.Sprintf("sides[%d]", si), "empty; list the groups of this side")
			}
			for _, n := range side {
				if !groups[n] {
					bad(fmt.Sprintf("sides[%d]", si), "unknown group %q; name a group of this topic", n)
				}
			}
		}
	}
	if d.PairWeight < 0 || math.IsNaN(d.PairWeight) || math.IsInf(d.PairWeight, 0) {
		bad("pair_weight", "%v; use a positive weight or leave it out for %v", d.PairWeight, defaultPairWeight)
	}
	if d.PairWeight > 0 && len(d.Sides) == 0 {
		bad("pair_weight", "set without sides; add sides or remove pair_weight")
	}
	if d.Near < 0 || d.Near > maxNear {
		bad("near", "%d; use 1 to %d words, or leave it out for %d", d.Near, maxNear, defaultNear)
	}
	validateFieldWeights("field_weights", d.FieldWeights, bad)
	for gi, g := range d.Groups {
		validateFieldWeights(fmt.Sprintf("groups[%d].field_weights", gi), g.FieldWeights, bad)
	}
	if d.Threshold < 0 || math.IsNaN(d.Threshold) || math.IsInf(d.Threshold, 0) {
		bad("threshold", "%v; use a positive score, or leave it out", d.Threshold)
	}
	var q *Query
	if d.Query != "" {
		var err error
		q, err = ParseQuery(d.Query)
		if err != nil {
			bad("query", "%v; fix the query", err)
		} else {
			for _, ref := range q.groupRefs() {
				if !groups[ref] {
					bad("query", "@%s names no group of this topic; add the group or fix the name", ref)
				}
			}
			if q.root.evalEmpty() {
				bad("query", "holds for articles that contain none of its terms; add a term to look for outside NOT")
			}
			for _, t := range q.terms() {
				terms[t] = true
			}
		}
	}
	if len(d.Groups) == 0 && d.Query == "" {
		bad("groups", "no groups and no query; give the topic terms to look for")
	}
	if len(d.Groups) > 0 && !anyPositive && q == nil {
		bad("groups", "no group has a positive weight, so nothing can match; give the main group a weight such as 1")
	}
	for i, t := range d.Exclude {
		validateTerm(fmt.Sprintf("exclude[%d]", i), t, bad)
		terms[t] = true
	}
	for i, t := range d.CaseSensitive {
		if !terms[t] {
			bad(fmt.Sprintf("case_sensitive[%d]", i), "%q is not a term of this topic; add it to a group or remove it", t)
		}
	}
	for i, t := range d.Fuzzy {
		field := fmt.Sprintf("fuzzy[%d]", i)
		switch {
		case !terms[t]:
			bad(field, "%q is not a term of this topic; add it to a group or remove it", t)
		case strings.ContainsAny(t, " -*") || len(Normalize(t)) == 0 || strings.Contains(Normalize(t), " "):
			bad(field, "%q is not a single word; fuzzy matching is for one-word names", t)
		case utf8.RuneCountInString(Normalize(t)) < minFuzzyLen:
			bad(field, "%q is shorter than %d letters, where one edit makes another word; list its spellings as terms instead", t, minFuzzyLen)
		case slices.Contains(d.CaseSensitive, t):
			bad(field, "%q is also case-sensitive; a name is either matched exactly or fuzzily", t)
		}
	}
	for k, ctx := range d.FalseFriends {
		field := fmt.Sprintf("false_friends[%q]", k)
		if !terms[k] {
			bad(field, "%q is not a term of this topic; add it to a group or remove the entry", k)
		}
		if len(ctx) == 0 {
			bad(field, "empty; list the phrases that show %q means something else", k)
		}
		for i, c := range ctx {
			validateTerm(fmt.Sprintf("%s[%d]", field, i), c, bad)
		}
	}
}

// validateTerm checks one term as written in a definition.
func validateTerm(field, t string, bad complaint) {
	if strings.TrimSpace(t) == "" {
		bad(field, "empty term; remove it")
		return
	}
	words, err := termWords(t)
	if err != nil {
		bad(field, "%q: %v", t, err)
		return
	}
	if len(words) == 0 {
		bad(field, "%q has no letters or digits to match; remove it", t)
	}
	if len(words) > maxPhraseWords {
		bad(field, "%q has %d words; use at most %d", t, len(words), maxPhraseWords)
	}
}

func validateFieldWeights(field string, w map[string]float64, bad complaint) {
	for k, v := range w {
		if !slices.Contains(locNames[:], k) {
			bad(field, "unknown location %q; use title, lead, text or caption", k)
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			bad(field+"."+k, "%v; use a weight of 0 or more", v)
		}
	}
}
