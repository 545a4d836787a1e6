package summarize

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQuoted(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []bool // per sentence of Split(text)
	}{
		{"a quotation and its attribution", `"We are ready," the minister said. Talks resume on Monday.`,
			[]bool{true, false}},
		{"a quoted passage over three sentences", `"We are ready. We have waited long. Now it is their turn," he said. Talks resume on Monday.`,
			[]bool{true, true, true, false}},
		{"attribution first, quotation after a colon", `The minister said: "We are ready. The rest is up to them." Talks resume on Monday.`,
			[]bool{false, true, false}},
		{"curly and angle quotes", `“We are ready.” «Nous sommes prêts.» Talks resume on Monday.`,
			[]bool{true, true, false}},
		{"no quotation", `Talks resume on Monday. Diplomats expect a deal.`,
			[]bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []bool
			inside := false
			for _, s := range Split(tt.text) {
				var q bool
				q, inside = quoted(s, inside)
				got = append(got, q)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("quoted per sentence of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
