package topics

import (
	"cmp"
	"fmt"
	"slices"

	"briefbot/brief"
)

type ctopic struct {
	topic        brief.Topic
	groups       []cgroup
	groupIndex   map[string]int
	sides        [2]uint64 // bit masks of groups
	breakers     uint64    // groups whose hits break pairs next to them
	relations    uint64    // near_pair groups with a positive weight: words of a relation
	thirdParties uint64    // groups naming actors other than the sides (see agent.go)
	ownAffairs   uint64    // groups naming one side's own affairs (see salience.go)
	pair         bool
	pairWeight   float64
	near         int32
	loc          [numLocs]float64
	threshold    float64
	query        *qnode
	queryNeeds   []uint64           // what the query needs to hold (qnode.needs)
	queryExact   bool               // queryNeeds says all mayHold says
	falseFriends [][]int32          // per FalseFriends entry: the patterns it disqualifies
	acronyms     map[string][]int32 // acronym term -> its patterns in this topic
	weighted     bool               // some group has a positive weight; else the query's hits score
	// For hopeless: the most a pair, and each group with a positive
	// weight (scoring), can add.
	bestPair float64
	scoring  uint64
}

type cgroup struct {
	name     string
	weight   float64
	needs    uint64
	nearPair bool
	countsAs int // the group whose hits this group's join, or -1
	loc      [numLocs]float64
	byWeight [numLocs]uint8 // the locations, heaviest first
	best     float64        // the most its hits can add (for hopeless)
}

// Compile validates definitions and compiles them into one Matcher.
func Compile(defs []Definition) (*Matcher, error) {
	if err := Validate(defs); err != nil {
		return nil, fmt.Errorf("compile topics: %w", err)
	}
	m := &Matcher{ix: newIndex()}
	for ti, d := range defs {
		ct, err := m.compileTopic(int32(ti), d)
		if err != nil {
			return nil, fmt.Errorf("compile topic %s: %w", d.ID, err)
		}
		m.topics = append(m.topics, ct)
	}
	for i := range m.ix.patterns {
		p := &m.ix.patterns[i]
		switch p.role {
		case roleGroup:
			gi := int(p.arg)
			if c := m.topics[p.topic].groups[gi].countsAs; c >= 0 {
				gi = c
			}
			p.bitIdx = uint8(gi)
		case roleQuery:
			p.bitIdx = queryLeafBitIdx(len(m.topics[p.topic].groups), int(p.arg))
		default:
			p.bitIdx = noBitIdx
		}
	}
	for ti := range m.ix.terms {
		for ui := range m.ix.terms[ti].uses {
			u := &m.ix.terms[ti].uses[ui]
			u.bit = 1 << m.ix.patterns[u.pat].bitIdx
		}
	}
	m.ix.table = newWordTable(m.ix.vocab)
	m.ix.edgeTable = newEdgeTable(m.ix.edges)
	m.ix.buildFilter()
	m.pool.New = func() any { return new(scratch) }
	return m, nil
}

func (m *Matcher) compileTopic(ti int32, d Definition) (ctopic, error) {
	ct := ctopic{
		topic:      brief.Topic{ID: d.ID, Title: d.Title, Description: d.Description},
		groupIndex: map[string]int{},
		pairWeight: cmp.Or(d.PairWeight, defaultPairWeight),
		near:       int32(cmp.Or(d.Near, defaultNear)),
		loc:        defaultLocWeights,
		threshold:  d.Threshold,
	}
	if ct.threshold == 0 && slices.ContainsFunc(d.Groups, func(g Group) bool { return g.Weight > 0 || g.CountsAs != "" }) {
		ct.threshold = defaultThreshold
	}
	for k, v := range d.FieldWeights {
		ct.loc[slices.Index(locNames[:], k)] = v
	}
	ct.weighted = slices.ContainsFunc(d.Groups, func(g Group) bool { return g.Weight > 0 || g.CountsAs != "" })
	cs := map[string]bool{}
	for _, t := range d.CaseSensitive {
		cs[t] = true
	}
	fz := map[string]bool{}
	for _, t := range d.Fuzzy {
		fz[t] = true
	}
	termPatterns := map[string][]int32{}
	add := func(p pattern) error {
		p.topic = ti
		termPatterns[p.term] = append(termPatterns[p.term], int32(len(m.ix.patterns)))
		return m.ix.add(p, cs[p.term], fz[p.term])
	}
	for gi, g := range d.Groups {
		ct.groupIndex[g.Name] = gi
		cg := cgroup{name: g.Name, weight: g.Weight, nearPair: g.NearPair, countsAs: -1, loc: ct.loc}
		for k, v := range g.FieldWeights {
			cg.loc[slices.Index(locNames[:], k)] = v
		}
		ct.groups = append(ct.groups, cg)
		for _, t := range g.Terms {
			if err := add(pattern{role: roleGroup, arg: int32(gi), term: t}); err != nil {
				return ct, err
			}
		}
	}
	for gi, g := range d.Groups {
		for _, n := range g.Needs {
			ct.groups[gi].needs |= 1 << ct.groupIndex[n]
		}
		if g.CountsAs != "" {
			ct.groups[gi].countsAs = ct.groupIndex[g.CountsAs]
		}
		if g.BreaksPairs {
			ct.breakers |= 1 << gi
		}
		if g.ThirdParties {
			ct.thirdParties |= 1 << gi
		}
		if g.OwnAffairs {
			ct.ownAffairs |= 1 << gi
		}
		if g.NearPair && g.Weight > 0 {
			ct.relations |= 1 << gi
		}
	}
	if len(d.Sides) == 2 {
		ct.pair = true
		for s := range 2 {
			for _, n := range d.Sides[s] {
				ct.sides[s] |= 1 << ct.groupIndex[n]
			}
		}
	}
	if d.Query != "" {
		q, err := ParseQuery(d.Query)
		if err != nil {
			return ct, err
		}
		ct.query = q.root
		var qerr error
		leaves := 0
		q.root.walk(func(n *qnode) {
			switch n.kind {
			case qTerm:
				n.leaf = leaves
				n.bit = 1 << queryLeafBitIdx(len(d.Groups), n.leaf)
				leaves++
				if err := add(pattern{role: roleQuery, arg: int32(n.leaf), term: n.text}); err != nil && qerr == nil {
					qerr = err
				}
			case qGroup:
				n.leaf = ct.groupIndex[n.text]
				gi := n.leaf
				if c := ct.groups[gi].countsAs; c >= 0 {
					gi = c // its hits set the bit of the group it counts as
				}
				n.bit = 1 << gi
			}
		})
		if qerr != nil {
			return ct, qerr
		}
		ct.queryNeeds, ct.queryExact = q.root.needs()
	}
	for _, t := range d.Exclude {
		if err := m.ix.add(pattern{topic: ti, role: roleExclude, term: t}, cs[t], false); err != nil {
			return ct, err
		}
	}
	for t, pids := range termPatterns {
		if isAcronym(t) && cs[t] {
			if ct.acronyms == nil {
				ct.acronyms = map[string][]int32{}
			}
			ct.acronyms[t] = pids
			for _, pid := range pids {
				m.ix.patterns[pid].acronym = true
			}
		}
	}
	// Repeated hits add at most twice the best (decaySum).
	if ct.pair {
		ct.bestPair = 2 * ct.pairWeight * maxOf(ct.loc[:])
	}
	for gi := range ct.groups {
		g := &ct.groups[gi]
		for l := range numLocs {
			g.byWeight[l] = l
		}
		slices.SortStableFunc(g.byWeight[:], func(a, b uint8) int { return cmp.Compare(g.loc[b], g.loc[a]) })
		if g.weight > 0 {
			g.best = 2 * g.weight * maxOf(g.loc[:])
			ct.scoring |= 1 << gi
		}
	}
	keys := make([]string, 0, len(d.FalseFriends))
	for k := range d.FalseFriends {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		entry := int32(len(ct.falseFriends))
		ct.falseFriends = append(ct.falseFriends, termPatterns[k])
		for _, c := range d.FalseFriends[k] {
			if err := m.ix.add(pattern{topic: ti, role: roleFalseFriend, arg: entry, term: c}, cs[c], false); err != nil {
				return ct, err
			}
		}
	}
	return ct, nil
}

// Topics returns the compiled topics in definition order.
func (m *Matcher) Topics() []brief.Topic {
	out := make([]brief.Topic, len(m.topics))
	for i, t := range m.topics {
		out[i] = t.topic
	}
	return out
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
