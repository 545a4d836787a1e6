package config

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with the configuration: a key the file should
// not have, a value of the wrong type, or a setting Validate refuses. It
// points at the file, line and column when the problem is in the file.
type Problem struct {
	File   string // the config file; "" when the problem is not in it
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	// Field names the setting, as written in the file ("polling.interval",
	// "feeds[2].url") or the environment variable; "" when none applies.
	Field string
	Msg   string
}

// Error reads "file:line:column: field: message", leaving out what is
// unknown, so that an editor can jump to the place.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
			if p.Column > 0 {
				b.WriteString(":" + strconv.Itoa(p.Column))
			}
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// source is the parsed config file, kept so that every problem, found
// while decoding or while validating, can point at its line and column.
type source struct {
	file string
	root *yaml.Node        // the document's top node; nil for an empty file
	line map[int][]located // the nodes starting on each line, in document order
}

// located is a node with the path of the setting it belongs to.
type located struct {
	node *yaml.Node
	key  bool // a mapping key, not a value
	path string
}

// parseSource parses data into a node tree. A syntax error is a Problem
// with the line the YAML library names; nothing else can be known then.
func parseSource(data []byte, file string) (*source, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxProblem(file, err)
	}
	s := &source{file: file, line: map[int][]located{}}
	if len(doc.Content) > 0 {
		s.root = doc.Content[0]
		s.walk(s.root, "")
	}
	return s, nil
}

var reSyntax = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func syntaxProblem(file string, err error) *Problem {
	msg := err.Error()
	if m := reSyntax.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Problem{File: file, Line: line, Msg: "YAML syntax: " + m[2]}
	}
	return &Problem{File: file, Msg: "YAML syntax: " + strings.TrimPrefix(msg, "yaml: ")}
}

func (s *source) add(n *yaml.Node, key bool, path string) {
	s.line[n.Line] = append(s.line[n.Line], located{node: n, key: key, path: path})
}

func (s *source) walk(n *yaml.Node, path string) {
	s.add(n, false, path)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := k.Value
			if path != "" {
				p = path + "." + k.Value
			}
			s.add(k, true, p)
			s.walk(v, p)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			s.walk(item, fmt.Sprintf("%s[%d]", path, i))
		}
	}
}

// segment is one step of a field path: a key, or an index when key is "".
type segment struct {
	key   string
	index int
}

var reIndex = regexp.MustCompile(`\[(\d+)\]`)

func segments(field string) []segment {
	var out []segment
	for part := range strings.SplitSeq(field, ".") {
		name, rest, _ := strings.Cut(part, "[")
		out = append(out, segment{key: name})
		if rest != "" {
			for _, m := range reIndex.FindAllStringSubmatch("["+rest, -1) {
				i, _ := strconv.Atoi(m[1])
				out = append(out, segment{index: i})
			}
		}
	}
	return out
}

// find places a setting named by a field path ("feeds[1].url") in the
// file: a scalar's value, a list item, or the key of a mapping or list.
// When the setting is not in the file (a default), it gives the nearest
// enclosing setting that is; (0, 0) when there is none.
func (s *source) find(field string) (line, col int) {
	if s == nil || s.root == nil {
		return 0, 0
	}
	n := s.root
	for i, seg := range segments(field) {
		if seg.key == "" {
			if n.Kind != yaml.SequenceNode || seg.index >= len(n.Content) {
				return line, col
			}
			n = n.Content[seg.index]
			line, col = n.Line, n.Column
			continue
		}
		if n.Kind != yaml.MappingNode {
			return line, col
		}
		var v *yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == seg.key {
				k := n.Content[j]
				v = n.Content[j+1]
				line, col = k.Line, k.Column
			}
		}
		if v == nil {
			return line, col
		}
		n = v
		if last := i == len(segments(field))-1; last && v.Kind == yaml.ScalarNode {
			line, col = v.Line, v.Column
		}
	}
	return line, col
}

// problem builds a Problem for a field, placed where the file sets it.
func (s *source) problem(field, msg string) *Problem {
	p := &Problem{Field: field, Msg: msg}
	if line, col := s.find(field); line > 0 {
		p.File, p.Line, p.Column = s.file, line, col
	}
	return p
}

var (
	reLineCol     = regexp.MustCompile(`^line (\d+)(?:, column (\d+))?: (.*)$`)
	reUnknown     = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	reWrongType   = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into (.+)$")
	reDuplicateKy = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
	sections      = map[string]string{
		"config.Config": "the top level", "config.Feed": "a feeds entry", "config.Polling": "polling",
		"topics.Definition": "a topics entry", "topics.Group": "a topic's groups entry", "config.Summary": "summary",
		"config.Alerts": "alerts", "config.Digest": "digest", "config.Store": "store", "config.Console": "console",
		"config.Slack": "slack", "config.Telegram": "telegram", "config.HTTP": "http", "config.Log": "log",
	}
)

// decodeProblem turns one of the YAML library's decoding messages ("line
// 3: field intervall not found in type config.Polling") into a Problem
// that names the setting and the fix, with the column of the node it is
// about.
func (s *source) decodeProblem(msg string) *Problem {
	m := reLineCol.FindStringSubmatch(msg)
	if m == nil {
		return &Problem{File: s.file, Msg: msg}
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	body := m[3]
	p := &Problem{File: s.file, Line: line, Column: col}
	at := func(match func(l located) bool) {
		for _, l := range s.line[line] {
			if match(l) {
				p.Column = l.node.Column
				if !l.key {
					p.Field = l.path
				}
				return
			}
		}
	}
	switch {
	case col > 0: // our own unmarshalers give the column
		p.Msg = body
		at(func(l located) bool { return !l.key && l.node.Column == col })
	case reUnknown.MatchString(body):
		u := reUnknown.FindStringSubmatch(body)
		where := sections[u[2]]
		if where == "" {
			where = u[2]
		}
		p.Msg = fmt.Sprintf("unknown key %q in %s (check its spelling against briefbot.example.yaml)", u[1], where)
		at(func(l located) bool { return l.key && l.node.Value == u[1] })
	case reWrongType.MatchString(body):
		w := reWrongType.FindStringSubmatch(body)
		got := describeNode(w[1], w[2])
		p.Msg = fmt.Sprintf("got %s, want %s", got, describeType(w[3]))
		shown := strings.TrimSuffix(w[2], "...")
		like := func(l located) bool {
			return !l.key && l.node.ShortTag() == w[1] && strings.HasPrefix(l.node.Value, shown)
		}
		// Several nodes on a line may look alike (`feeds: [{url: [a]}]`);
		// the one meant is where the file's layout wants that Go type.
		at(func(l located) bool { return like(l) && typeAt(l.path) == w[3] })
		if p.Column == 0 {
			at(like)
		}
	case reDuplicateKy.MatchString(body):
		d := reDuplicateKy.FindStringSubmatch(body)
		p.Msg = fmt.Sprintf("key %q is set twice (first at line %s); keep one", d[1], d[2])
		at(func(l located) bool { return l.key && l.node.Value == d[1] })
	default:
		p.Msg = body
		at(func(located) bool { return true })
	}
	return p
}

// typeAt is the Go type (as reflect names it) the YAML decoder fills for
// a path in the file, "" when the path leads nowhere in Config.
func typeAt(path string) string {
	t := reflect.TypeFor[Config]()
	for _, seg := range segments(path) {
		switch {
		case seg.key == "" && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			t = t.Elem()
		case seg.key != "" && t.Kind() == reflect.Map:
			t = t.Elem()
		case seg.key != "" && t.Kind() == reflect.Struct:
			found := false
			for i := range t.NumField() {
				f := t.Field(i)
				if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == seg.key {
					t, found = f.Type, true
					break
				}
			}
			if !found {
				return ""
			}
		default:
			return ""
		}
	}
	return t.String()
}

func describeNode(tag, value string) string {
	switch tag {
	case "!!seq":
		return "a list"
	case "!!map":
		return "a mapping (key: value lines)"
	}
	return "`" + value + "`"
}

func describeType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int") || strings.HasPrefix(goType, "uint"):
		return "a whole number"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "bool":
		return "true or false"
	case goType == "string":
		return "text"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	}
	return "a mapping (key: value lines)"
}

// sortProblems orders problems by their place in the file; those outside
// it (the environment, defaults) keep their order after them.
func sortProblems(ps []*Problem) {
	slices.SortStableFunc(ps, func(a, b *Problem) int {
		switch {
		case a.Line == 0 && b.Line == 0:
			return 0
		case a.Line == 0:
			return 1
		case b.Line == 0:
			return -1
		}
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
}

// problems flattens a joined error into Problems, wrapping any plain error.
func problems(err error) []*Problem {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*Problem
		for _, e := range j.Unwrap() {
			out = append(out, problems(e)...)
		}
		return out
	}
	if p, ok := errors.AsType[*Problem](err); ok {
		return []*Problem{p}
	}
	return []*Problem{{Msg: err.Error()}}
}

func joinProblems(ps []*Problem) error {
	errs := make([]error, len(ps))
	for i, p := range ps {
		errs[i] = p
	}
	return errors.Join(errs...)
}
