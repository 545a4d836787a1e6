package topics

import (
	"errors"
	"strings"
	"testing"
)

func TestQueryDefinition(t *testing.T) {
	tests := []struct {
		name, query string
		lim         QueryLimits
		want        string // part of the error; empty: accepted
	}{
		{"a query written in a few minutes", `"Caspian" AND (oil OR gas OR pipeline)`, QueryLimits{}, ""},
		{"a syntax error names its column", `Caspian AND (oil OR gas`, QueryLimits{}, "at column 24: expected \")\" to close the \"(\" at column 13"},
		{"too long", strings.Repeat("oil OR ", 40) + "gas", QueryLimits{}, "283 characters long; shorten it to at most 200"},
		{"length counts characters, not bytes", strings.Repeat("Иран ", 38) + "Россия", QueryLimits{MaxTerms: 50}, ""},
		{"too many terms", "a1 OR a2 OR a3 OR a4 OR a5 OR a6 OR a7 OR a8 OR a9 OR a10 OR a11 OR a12 OR a13", QueryLimits{}, "looks for 13 terms; use at most 12"},
		{"limits can be set", "oil OR gas OR coal", QueryLimits{MaxTerms: 2}, "looks for 3 terms; use at most 2"},
		{"absence alone is refused", "NOT football", QueryLimits{}, "add a word to look for outside NOT"},
		{"a group reference is refused", "@names AND oil", QueryLimits{}, "@names names a group"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := QueryDefinition("caspian", "caspian", tt.query, tt.lim)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused %q: %v", tt.query, err)
				}
				if d.ID != "caspian" || d.Query != tt.query {
					t.Fatalf("definition = %+v", d)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error for %q = %v, want it to say %q", tt.query, err, tt.want)
			}
		})
	}
	t.Run("a syntax error is a *SyntaxError", func(t *testing.T) {
		_, err := QueryDefinition("x", "x", `oil NEAR/ gas`, QueryLimits{})
		se, ok := errors.AsType[*SyntaxError](err)
		if !ok || se.Col != 5 {
			t.Fatalf("error = %#v, want a *SyntaxError at column 5", err)
		}
	})
}

func TestCheckID(t *testing.T) {
	for id, want := range map[string]string{
		"caspian":               "",
		"caspian-oil":           "",
		"Caspian!":              "lower-kebab",
		"help":                  "chat command",
		strings.Repeat("x", 33): "at most 32",
	} {
		err := CheckID(id)
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("CheckID(%q) = %v, want %q", id, err, want)
		}
	}
}
