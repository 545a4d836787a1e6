package stories

// Prepared is an article read for assignment: its words, language and
// kind, which depend on the article alone. Preparing is a third of the
// work of Assign and needs no clusterer, so callers that serialise Assign
// (an ingest pipeline holding one lock) prepare outside the lock, on as
// many cores as they have, and keep only the cheap part inside.
type Prepared struct {
	a    Article
	toks []token
	lang string
	kind Kind
}

// Prepare reads a for AssignPrepared. It is safe for concurrent use.
func Prepare(a Article) Prepared {
	kind := a.Kind
	if kind == KindAuto {
		kind = Classify(a.Title)
	}
	return Prepared{a: a, toks: articleTokens(a), lang: language(a.Title, a.Text), kind: kind}
}

// ID is the prepared article's ID.
func (p Prepared) ID() string { return p.a.ID }
