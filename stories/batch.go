package stories

// Cluster groups a batch of articles, as the evaluation command does: it
// counts document frequencies over the whole batch first (a running
// service has its history for that), assigns the articles in order, lets
// Repair merge stories that grew alike, and returns each article's story
// ID in input order. opt.Vocabulary, if set, is added to.
func Cluster(arts []Article, opt Options) []string {
	opt = opt.withDefaults()
	for _, a := range arts {
		opt.Vocabulary.Add(a)
	}
	opt.FixedVocabulary = true
	c := New(opt)
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = c.Assign(a).Story
	}
	c.Repair()
	for i, a := range arts {
		if id, ok := c.StoryOf(a.ID); ok {
			ids[i] = id
		} else {
			ids[i] = c.Resolve(ids[i])
		}
	}
	return ids
}
