package topics

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"single word", "Iran", "Iran"},
		{"AND may be left out", "Iran Russia", "Iran AND Russia"},
		{"OR binds looser than AND", "Iran Russia OR Tehran Moscow", "(Iran AND Russia) OR (Tehran AND Moscow)"},
		{"parentheses group", "(Iran OR Tehran) AND (Russia OR Kremlin) NOT football",
			"(Iran OR Tehran) AND (Russia OR Kremlin) AND NOT football"},
		{"NOT applies to the next operand", "NOT football Iran", "NOT football AND Iran"},
		{"quoted phrase", `"nuclear deal" Iran`, `"nuclear deal" AND Iran`},
		{"NEAR with a distance", "Iran NEAR/5 drones", "Iran NEAR/5 drones"},
		{"NEAR binds tighter than AND", "Iran NEAR/3 Russia treaty", "(Iran NEAR/3 Russia) AND treaty"},
		{"NEAR over alternatives", "(Iran OR Tehran) NEAR/8 (Russia OR Moscow)", "(Iran OR Tehran) NEAR/8 (Russia OR Moscow)"},
		{"title scope", "title:Iran text:(Russia OR Moscow)", "title:Iran AND text:(Russia OR Moscow)"},
		{"title scope on a phrase", `title:"nuclear deal"`, `title:"nuclear deal"`},
		{"title scope may be followed by a space", "title: Iran", "title:Iran"},
		{"prefix", "enrich* Iran", "enrich* AND Iran"},
		{"group reference", "@iran AND oil", "@iran AND oil"},
		{"lower-case operators are words", "iran and russia", "iran AND and AND russia"},
		{"hyphenated word stays one term", "Iran-Russia", "Iran-Russia"},
		{"non-Latin words", "ШОС OR برجام", "ШОС OR برجام"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseQuery(tt.in)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.in, err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("ParseQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseQuerySyntaxErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		col      int
		expected string // a substring of SyntaxError.Expected
	}{
		{"empty query", "", 1, "a term"},
		{"only spaces", "   ", 4, "a term"},
		{"AND without a right side", "Iran AND", 9, "after AND at column 6"},
		{"OR without a right side", "Iran OR ", 9, "after OR at column 6"},
		{"NOT without an operand", "Iran NOT", 9, "after NOT at column 6"},
		{"unclosed parenthesis", "(Iran OR Tehran", 16, `")" to close the "(" at column 1`},
		{"unopened parenthesis", "Iran) Russia", 5, "an operator or the end of the query"},
		{"empty parentheses", "Iran ()", 7, "inside the parentheses"},
		{"unterminated phrase", `Iran "nuclear deal`, 6, `a closing "`},
		{"empty phrase", `Iran ""`, 6, "words between the quotes"},
		{"NEAR without a distance", "Iran NEAR Russia", 6, "NEAR/n"},
		{"NEAR with a bad distance", "Iran NEAR/x Russia", 6, "NEAR/n"},
		{"NEAR with a zero distance", "Iran NEAR/0 Russia", 6, "from 1 to"},
		{"NEAR over an AND", "Iran NEAR/3 (Russia AND Moscow)", 14, "after NEAR"},
		{"NEAR without a right side", "Iran NEAR/3", 12, "after NEAR/3 at column 6"},
		{"unknown field", "body:Iran", 1, "title: or text:"},
		{"field without a term", "Iran title:", 12, "right after title:"},
		{"star inside a word", "enr*ch", 4, "* only at the end"},
		{"prefix too short", "en*", 1, "at least 3 letters"},
		{"group name missing", "@ Iran", 1, "a group name after @"},
		{"punctuation only", "Iran !!!", 6, "a term with letters or digits"},
		{"columns count characters, not bytes", "Иран AND", 9, "after AND at column 6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.in)
			se, ok := errors.AsType[*SyntaxError](err)
			if !ok {
				t.Fatalf("ParseQuery(%q) error = %v, want a *SyntaxError", tt.in, err)
			}
			if se.Col != tt.col || !strings.Contains(se.Expected, tt.expected) {
				t.Errorf("ParseQuery(%q): column %d, expected %q; want column %d, expected containing %q",
					tt.in, se.Col, se.Expected, tt.col, tt.expected)
			}
			if !strings.Contains(err.Error(), "column") {
				t.Errorf("message %q does not name the column", err.Error())
			}
		})
	}
}

func TestSyntaxErrorPointer(t *testing.T) {
	_, err := ParseQuery("(Iran OR Tehran")
	se, ok := errors.AsType[*SyntaxError](err)
	if !ok {
		t.Fatalf("error = %v, want a *SyntaxError", err)
	}
	want := "(Iran OR Tehran\n               ^"
	if got := se.Pointer(); got != want {
		t.Errorf("Pointer() =\n%s\nwant\n%s", got, want)
	}
	if got, want := se.Error(), `query syntax error at column 16: expected ")" to close the "(" at column 1, found the end of the query`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"(Iran OR Tehran) AND (Russia OR Kremlin) NOT football", `title:"nuclear deal" NEAR/5 Iran`,
		"enrich* @iran", "NOT NOT a", "a NEAR/3 b NEAR/4 c", `"`, "((", "title:", "@x", "ШОС OR برجам",
		"a OR b c OR d", "text:(a OR b)", "NEAR/100", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			se, ok := errors.AsType[*SyntaxError](err)
			if !ok {
				t.Fatalf("ParseQuery(%q) error %v is not a *SyntaxError", s, err)
			}
			if n := utf8.RuneCountInString(s); se.Col < 1 || se.Col > n+1 {
				t.Fatalf("ParseQuery(%q): column %d outside 1..%d", s, se.Col, n+1)
			}
			return
		}
		// The canonical form parses back to itself.
		canon := q.String()
		q2, err := ParseQuery(canon)
		if err != nil {
			t.Fatalf("ParseQuery(%q) = %q, which does not parse: %v", s, canon, err)
		}
		if again := q2.String(); again != canon {
			t.Fatalf("ParseQuery(%q) = %q, which parses to %q", s, canon, again)
		}
	})
}

// needs rules out no article that mayHold lets through, and, where it
// reports itself exact, rules out every one mayHold does: the matcher
// trusts it to skip topics without walking their queries.
func TestQueryNeedsAgreesWithMayHold(t *testing.T) {
	for _, q := range []string{
		"Caspian",
		`"Caspian" AND (oil OR gas OR pipeline)`,
		"(Baku OR Aktau) NEAR/8 (talks OR visit) NOT football",
		"(Baku AND oil) OR (Aktau AND gas)",
		"title:(Baku OR Aktau) AND pipeline*",
		"Caspian AND NOT (oil OR gas)",
		"(Baku OR (Aktau AND gas)) AND treaty",
	} {
		t.Run(q, func(t *testing.T) {
			m, err := Compile([]Definition{{ID: "q", Title: "q", Query: q}})
			if err != nil {
				t.Fatal(err)
			}
			ct := &m.topics[0]
			var bits uint64
			ct.query.walk(func(n *qnode) { bits |= n.bit })
			// Every subset of the query's bits, as the hits of an article.
			for present := bits; ; present = (present - 1) & bits {
				held := true
				for _, mask := range ct.queryNeeds {
					held = held && present&mask != 0
				}
				may := ct.query.mayHold(present)
				if may && !held {
					t.Errorf("hits %b: needs rules out what mayHold allows", present)
				}
				if ct.queryExact && held != may {
					t.Errorf("hits %b: exact needs says %v, mayHold %v", present, held, may)
				}
				if present == 0 {
					break
				}
			}
		})
	}
	exact := func(q string) bool {
		m, err := Compile([]Definition{{ID: "q", Title: "q", Query: q}})
		if err != nil {
			t.Fatal(err)
		}
		return m.topics[0].queryExact
	}
	if !exact(`"Caspian" AND (oil OR gas OR pipeline)`) || exact("(Baku AND oil) OR (Aktau AND gas)") {
		t.Error("an AND of ORs of terms should be exact, an OR of ANDs not")
	}
}
