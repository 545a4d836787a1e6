package stories

// Place puts a into the story another clusterer already chose for it, as
// when replicas sharing one store each keep a clusterer: an article a
// replica stored in a story is placed there by the others, so the next
// article that resembles it finds it. The story is found by ID (following
// Repair's merges) or, when it is unknown or closed here, founded under
// that ID. An article the clusterer already holds stays where it
// is. It counts into the vocabulary as Assign does, and is not safe for
// concurrent use either.
func (c *Clusterer) Place(a Article, storyID string) {
	if _, ok := c.home[a.ID]; ok {
		return
	}
	toks := articleTokens(a)
	if !c.opt.FixedVocabulary {
		c.opt.Vocabulary.add(toks)
	}
	fp := fingerprint(a.ID, a.Published, toks, c.opt.Vocabulary)
	fp.Lang = language(a.Title, a.Text)
	if a.Published.After(c.latest) {
		c.latest = a.Published
	}
	m := c.member(fp)
	s := c.byID[c.Resolve(storyID)]
	if s == nil || s.gone {
		kind := a.Kind
		if kind == KindAuto {
			kind = Classify(a.Title)
		}
		s = c.found(storyID, kind, m.lang, a.Published)
	}
	c.add(s, m)
	c.assigned++
	if c.assigned%sweepEvery == 0 {
		c.sweep()
	}
}
