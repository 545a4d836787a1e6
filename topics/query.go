package topics

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed boolean query for a user-defined topic.
//
// The language, from loosest to tightest binding:
//
//	a OR b          either
//	a AND b, a b    both (AND may be left out)
//	NOT a           a does not occur (written before its operand: Iran NOT football)
//	a NEAR/5 b      a and b within 5 words of each other, in the same field
//	title:a         a occurs in the headline (text:a in the body)
//	( ... )         grouping
//	"two words"     a phrase; Iran*, a word prefix; @name, a group of the topic
//
// Operators are upper case; lower-case "and", "or" and "not" are words to
// look for. Terms are matched after the same normalisation as topic terms,
// so case, diacritics, possessives and plurals do not matter unless the
// topic lists the term as case-sensitive.
type Query struct {
	src  string
	root *qnode
}

// SyntaxError is a query that does not parse. Col is the 1-based column
// (in characters) where the problem was found, Expected what would have
// been valid there, and Found what was there instead.
type SyntaxError struct {
	Query    string
	Col      int
	Expected string
	Found    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query syntax error at column %d: expected %s, found %s", e.Col, e.Expected, e.Found)
}

// Pointer returns the query and, under it, a caret at the error's column,
// for showing to the user in a monospaced font.
func (e *SyntaxError) Pointer() string {
	return e.Query + "\n" + strings.Repeat(" ", max(e.Col-1, 0)) + "^"
}

type qkind uint8

const (
	qTerm  qkind = iota // a word, prefix or phrase
	qGroup              // @name
	qAnd
	qOr
	qNot
	qNear
	qField
)

type qnode struct {
	kind   qkind
	text   string // term as written (without quotes), or group name
	quoted bool
	n      int   // NEAR distance
	field  uint8 // qField: fieldTitle or fieldText
	kids   []*qnode
	col    int
	leaf   int    // set by Compile: the pattern arg of a term, the group of @name
	bit    uint64 // set by Compile: the bit its hits set (see queryLeafBitIdx)
}

// mayHold reports whether node n can hold in an article whose hits set
// the bits present (see qnode.bit). It answers false only when n certainly
// fails because a term or group it needs has no hit at all: scoring can
// only drop hits (false friends, exclusions), NEAR and field: only narrow
// what holds, and NOT holds when what it negates has no hit, so a NOT may
// always hold.
func (n *qnode) mayHold(present uint64) bool {
	switch n.kind {
	case qTerm, qGroup:
		return present&n.bit != 0
	case qAnd, qNear:
		for _, k := range n.kids {
			if !k.mayHold(present) {
				return false
			}
		}
		return true
	case qOr:
		for _, k := range n.kids {
			if k.mayHold(present) {
				return true
			}
		}
		return false
	case qField:
		return n.kids[0].mayHold(present)
	}
	return true
}

// needs is mayHold as data: masks of the bits a node needs, one of each
// (a conjunction of disjunctions), so that ruling a topic out takes a few
// ANDs instead of a walk of its query. exact reports whether the masks
// say all mayHold says; an OR of ANDs ("(Baku AND oil) OR (Aktau AND
// gas)") is only approximated, by the bits any of its kids could set, and
// such a query is walked too.
func (n *qnode) needs() (masks []uint64, exact bool) {
	switch n.kind {
	case qTerm, qGroup:
		return []uint64{n.bit}, true
	case qAnd, qNear:
		exact = true
		for _, k := range n.kids {
			km, ke := k.needs()
			masks = append(masks, km...)
			exact = exact && ke
		}
		return masks, exact
	case qOr:
		var union uint64
		exact = true
		for _, k := range n.kids {
			km, ke := k.needs()
			if len(km) == 0 {
				return nil, ke // a kid that may always hold: so may the OR
			}
			for _, m := range km {
				union |= m
			}
			exact = exact && ke && len(km) == 1
		}
		return []uint64{union}, exact
	case qField:
		return n.kids[0].needs()
	}
	return nil, true // NOT may hold whatever the hits
}

// ParseQuery parses a query. A syntax error is a *SyntaxError.
func ParseQuery(q string) (*Query, error) {
	toks, err := lexQuery(q)
	if err != nil {
		return nil, err
	}
	p := &qparser{src: q, toks: toks}
	if p.peek().kind == tEOF {
		return nil, p.errorf(p.peek(), "a term, phrase or \"(\"")
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, p.errorf(t, "an operator or the end of the query")
	}
	return &Query{src: q, root: root}, nil
}

// String returns the query in canonical form: operators spelled out and
// nested operations in parentheses. Parsing it gives the same query.
func (q *Query) String() string {
	var b strings.Builder
	q.root.format(&b, true)
	return b.String()
}

func (n *qnode) format(b *strings.Builder, top bool) {
	switch n.kind {
	case qTerm:
		if n.quoted {
			b.WriteString(`"` + n.text + `"`)
		} else {
			b.WriteString(n.text)
		}
	case qGroup:
		b.WriteString("@" + n.text)
	case qNot:
		b.WriteString("NOT ")
		n.kids[0].format(b, false)
	case qField:
		b.WriteString(fieldNames[n.field] + ":")
		n.kids[0].format(b, false)
	default:
		op := map[qkind]string{qAnd: " AND ", qOr: " OR ", qNear: fmt.Sprintf(" NEAR/%d ", n.n)}[n.kind]
		if !top {
			b.WriteByte('(')
		}
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(op)
			}
			k.format(b, false)
		}
		if !top {
			b.WriteByte(')')
		}
	}
}

// terms returns the query's terms as written.
func (q *Query) terms() []string {
	var out []string
	q.root.walk(func(n *qnode) {
		if n.kind == qTerm {
			out = append(out, n.text)
		}
	})
	return out
}

// groupRefs returns the group names the query refers to with @name.
func (q *Query) groupRefs() []string {
	var out []string
	q.root.walk(func(n *qnode) {
		if n.kind == qGroup {
			out = append(out, n.text)
		}
	})
	return out
}

func (n *qnode) walk(f func(*qnode)) {
	f(n)
	for _, k := range n.kids {
		k.walk(f)
	}
}

// evalEmpty reports whether the query holds for an article with no hits at
// all, which means it matches by absence alone.
func (n *qnode) evalEmpty() bool {
	switch n.kind {
	case qNot:
		return !n.kids[0].evalEmpty()
	case qAnd:
		for _, k := range n.kids {
			if !k.evalEmpty() {
				return false
			}
		}
		return true
	case qOr:
		for _, k := range n.kids {
			if k.evalEmpty() {
				return true
			}
		}
		return false
	case qField:
		return n.kids[0].evalEmpty()
	}
	return false
}

// Lexer.

type qtokKind uint8

const (
	tEOF qtokKind = iota
	tWord
	tPhrase
	tGroupRef
	tLParen
	tRParen
	tAnd
	tOr
	tNot
	tNear
	tField
)

type qtok struct {
	kind qtokKind
	text string
	n    int
	col  int
}

func (t qtok) describe() string {
	switch t.kind {
	case tEOF:
		return "the end of the query"
	case tPhrase:
		return strconv.Quote(t.text)
	case tField:
		return strconv.Quote(t.text + ":")
	case tGroupRef:
		return strconv.Quote("@" + t.text)
	case tNear:
		return strconv.Quote("NEAR/" + strconv.Itoa(t.n))
	}
	return strconv.Quote(t.text)
}

func lexQuery(q string) ([]qtok, error) {
	var toks []qtok
	col := 0
	for i := 0; i < len(q); {
		r, n := utf8.DecodeRuneInString(q[i:])
		col++
		if r == utf8.RuneError && n == 1 {
			return nil, &SyntaxError{Query: q, Col: col, Expected: "valid UTF-8 text", Found: "an invalid byte"}
		}
		switch {
		case unicode.IsSpace(r):
			i += n
		case r == '(':
			toks = append(toks, qtok{kind: tLParen, text: "(", col: col})
			i += n
		case r == ')':
			toks = append(toks, qtok{kind: tRParen, text: ")", col: col})
			i += n
		case r == '"':
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				return nil, &SyntaxError{Query: q, Col: col, Expected: `a closing " for this phrase`, Found: "the end of the query"}
			}
			text := q[i+1 : i+1+end]
			if strings.TrimSpace(text) == "" || len(queryWords(text)) == 0 {
				return nil, &SyntaxError{Query: q, Col: col, Expected: "words between the quotes", Found: strconv.Quote(`"` + text + `"`)}
			}
			toks = append(toks, qtok{kind: tPhrase, text: text, col: col})
			col += utf8.RuneCountInString(text) + 1
			i += end + 2
		default:
			j := i
			for j < len(q) {
				r, m := utf8.DecodeRuneInString(q[j:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' {
					break
				}
				j += m
			}
			word := q[i:j]
			more, err := lexWord(q, word, col)
			if err != nil {
				return nil, err
			}
			toks = append(toks, more...)
			col += utf8.RuneCountInString(word) - 1
			i = j
		}
	}
	return append(toks, qtok{kind: tEOF, col: col + 1}), nil
}

// lexWord turns one space-delimited word of a query into tokens.
func lexWord(q, word string, col int) ([]qtok, error) {
	switch word {
	case "AND":
		return []qtok{{kind: tAnd, text: word, col: col}}, nil
	case "OR":
		return []qtok{{kind: tOr, text: word, col: col}}, nil
	case "NOT":
		return []qtok{{kind: tNot, text: word, col: col}}, nil
	}
	if rest, ok := strings.CutPrefix(word, "NEAR"); ok && (rest == "" || rest[0] == '/') {
		n, err := strconv.Atoi(strings.TrimPrefix(rest, "/"))
		if rest == "" || err != nil || n < 1 || n > maxNear {
			return nil, &SyntaxError{Query: q, Col: col, Expected: fmt.Sprintf("NEAR/n with n from 1 to %d words, e.g. NEAR/5", maxNear), Found: strconv.Quote(word)}
		}
		return []qtok{{kind: tNear, text: word, n: n, col: col}}, nil
	}
	if name, rest, ok := strings.Cut(word, ":"); ok && name != "" && isLowerLetters(name) {
		if name != "title" && name != "text" {
			return nil, &SyntaxError{Query: q, Col: col, Expected: `a field scope title: or text: (quote the word to search for it)`, Found: strconv.Quote(name + ":")}
		}
		toks := []qtok{{kind: tField, text: name, col: col}}
		if rest != "" {
			more, err := lexWord(q, rest, col+utf8.RuneCountInString(name)+1)
			if err != nil {
				return nil, err
			}
			toks = append(toks, more...)
		}
		return toks, nil
	}
	if name, ok := strings.CutPrefix(word, "@"); ok {
		if name == "" || !isGroupName(name) {
			return nil, &SyntaxError{Query: q, Col: col, Expected: "a group name after @, e.g. @iran", Found: strconv.Quote(word)}
		}
		return []qtok{{kind: tGroupRef, text: name, col: col}}, nil
	}
	if star := strings.IndexByte(word, '*'); star >= 0 {
		if star != len(word)-1 {
			return nil, &SyntaxError{Query: q, Col: col + utf8.RuneCountInString(word[:star]), Expected: "* only at the end of a word, as in enrich*", Found: strconv.Quote(word)}
		}
		if k := Normalize(word[:star]); utf8.RuneCountInString(k) < minPrefixLen || strings.Contains(k, " ") {
			return nil, &SyntaxError{Query: q, Col: col, Expected: fmt.Sprintf("a word of at least %d letters before *", minPrefixLen), Found: strconv.Quote(word)}
		}
	}
	if len(queryWords(word)) == 0 {
		return nil, &SyntaxError{Query: q, Col: col, Expected: "a term with letters or digits", Found: strconv.Quote(word)}
	}
	return []qtok{{kind: tWord, text: word, col: col}}, nil
}

func isLowerLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

func isGroupName(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

// queryWords returns the matching keys of a term's words.
func queryWords(s string) []string {
	toks, keys := tokenize(nil, nil, s, fieldTitle)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(keys[t.key0:t.key1])
	}
	return out
}

// Parser.

type qparser struct {
	src  string
	toks []qtok
	i    int
}

func (p *qparser) peek() qtok { return p.toks[p.i] }

func (p *qparser) next() qtok {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *qparser) errorf(t qtok, expected string) error {
	return &SyntaxError{Query: p.src, Col: t.col, Expected: expected, Found: t.describe()}
}

func (p *qparser) parseOr() (*qnode, error) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tOr {
		return left, nil
	}
	n := &qnode{kind: qOr, col: left.col, kids: []*qnode{left}}
	for p.peek().kind == tOr {
		op := p.next()
		if !startsOperand(p.peek().kind) {
			return nil, p.errorf(p.peek(), fmt.Sprintf("a term, phrase or \"(\" after OR at column %d", op.col))
		}
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, right)
	}
	return n, nil
}

func (p *qparser) parseAnd() (*qnode, error) {
	left, err := p.parseNear()
	if err != nil {
		return nil, err
	}
	var n *qnode
	for {
		t := p.peek()
		if t.kind == tAnd {
			p.next()
			if !startsOperand(p.peek().kind) {
				return nil, p.errorf(p.peek(), fmt.Sprintf("a term, phrase or \"(\" after AND at column %d", t.col))
			}
		} else if !startsOperand(t.kind) {
			break
		}
		right, err := p.parseNear()
		if err != nil {
			return nil, err
		}
		if n == nil {
			n = &qnode{kind: qAnd, col: left.col, kids: []*qnode{left}}
		}
		n.kids = append(n.kids, right)
	}
	if n == nil {
		return left, nil
	}
	return n, nil
}

func (p *qparser) parseNear() (*qnode, error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tNear {
		op := p.next()
		if !nearOperand(left) {
			return nil, &SyntaxError{Query: p.src, Col: left.col, Expected: "a term, phrase or (... OR ...) before NEAR", Found: operandName(left)}
		}
		if !startsOperand(p.peek().kind) {
			return nil, p.errorf(p.peek(), fmt.Sprintf("a term, phrase or \"(\" after NEAR/%d at column %d", op.n, op.col))
		}
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if !nearOperand(right) {
			return nil, &SyntaxError{Query: p.src, Col: right.col, Expected: "a term, phrase or (... OR ...) after NEAR", Found: operandName(right)}
		}
		left = &qnode{kind: qNear, n: op.n, col: left.col, kids: []*qnode{left, right}}
	}
	return left, nil
}

// nearOperand reports whether n has positions NEAR can measure from: terms,
// groups, alternatives of those and NEAR chains, optionally field-scoped.
func nearOperand(n *qnode) bool {
	switch n.kind {
	case qTerm, qGroup:
		return true
	case qOr, qNear, qField:
		for _, k := range n.kids {
			if !nearOperand(k) {
				return false
			}
		}
		return true
	}
	return false
}

func operandName(n *qnode) string {
	switch n.kind {
	case qAnd:
		return "an AND"
	case qNot:
		return "a NOT"
	}
	return "an expression"
}

func (p *qparser) parseUnary() (*qnode, error) {
	t := p.peek()
	switch t.kind {
	case tNot:
		p.next()
		if !startsOperand(p.peek().kind) {
			return nil, p.errorf(p.peek(), fmt.Sprintf("a term, phrase or \"(\" after NOT at column %d", t.col))
		}
		k, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &qnode{kind: qNot, col: t.col, kids: []*qnode{k}}, nil
	case tField:
		p.next()
		if k := p.peek().kind; k != tWord && k != tPhrase && k != tLParen && k != tGroupRef {
			return nil, p.errorf(p.peek(), fmt.Sprintf("a term, phrase or \"(\" right after %s: at column %d", t.text, t.col))
		}
		k, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		f := fieldTitle
		if t.text == "text" {
			f = fieldText
		}
		return &qnode{kind: qField, field: f, col: t.col, kids: []*qnode{k}}, nil
	}
	return p.parsePrimary()
}

func (p *qparser) parsePrimary() (*qnode, error) {
	t := p.next()
	switch t.kind {
	case tWord:
		return &qnode{kind: qTerm, text: t.text, col: t.col}, nil
	case tPhrase:
		return &qnode{kind: qTerm, text: t.text, quoted: true, col: t.col}, nil
	case tGroupRef:
		return &qnode{kind: qGroup, text: t.text, col: t.col}, nil
	case tLParen:
		if p.peek().kind == tRParen {
			return nil, p.errorf(p.peek(), "a term, phrase or \"(\" inside the parentheses")
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			return nil, p.errorf(c, fmt.Sprintf("\")\" to close the \"(\" at column %d", t.col))
		}
		p.next()
		return n, nil
	}
	return nil, p.errorf(t, "a term, phrase or \"(\"")
}

func startsOperand(k qtokKind) bool {
	switch k {
	case tWord, tPhrase, tGroupRef, tLParen, tNot, tField:
		return true
	}
	return false
}
