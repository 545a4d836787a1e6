package summarize

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"briefbot/brief"
)

func TestSummarizeUpdate(t *testing.T) {
	four := fourOutlets()
	first := four[:1]
	copyOfFirst := brief.Article{
		ID: "copy", Source: "Reprint Daily", Published: base.Add(30 * time.Minute), Title: "Iran, Russia sign railway contract",
		Text: four[0].Text,
	}
	restated := brief.Article{
		ID: "restated", Source: "Late Herald", Published: base.Add(3 * time.Hour), Title: "Rail deal for Iran and Russia",
		Text: "Iran and Russia signed the contract for the Rasht-Astara railway on Tuesday, the missing link of the corridor to the Gulf. " +
			"The first trains could carry Russian grain to Iranian ports by 2029, the Iranian roads ministry said.",
	}
	russian := brief.Article{
		ID: "ru", Source: "Каспийский вестник", Published: base.Add(4 * time.Hour), Title: "Россия и Иран подписали контракт",
		Text: "Россия и Иран подписали контракт на строительство железной дороги Решт — Астара. Первые поезда пойдут в 2029 году.",
	}
	tests := []struct {
		name   string
		told   []brief.Article
		added  []brief.Article
		opt    StoryOptions
		want   []string // sentences, in order
		wantID []string
	}{
		{name: "nothing added", told: first, want: nil},
		{name: "a copy of the told report says nothing new", told: first, added: []brief.Article{copyOfFirst}, want: nil},
		{
			name: "a restated lede is skipped for the new fact", told: first, added: []brief.Article{restated}, opt: StoryOptions{N: 1},
			want:   []string{"The first trains could carry Russian grain to Iranian ports by 2029, the Iranian roads ministry said."},
			wantID: []string{"restated"},
		},
		{name: "a report in another language is not quoted", told: first, added: []brief.Article{russian}, opt: StoryOptions{N: 1}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SummarizeUpdate(tt.told, tt.added, tt.opt)
			checkCited(t, tt.added, tt.opt, got)
			var texts, ids []string
			for _, c := range got {
				texts = append(texts, c.Text)
				ids = append(ids, c.ArticleID)
			}
			if !cmp.Equal(texts, tt.want) {
				t.Errorf("got\n%s\nwant %q", show(got), tt.want)
			}
			if tt.wantID != nil && !cmp.Equal(ids, tt.wantID) {
				t.Errorf("cites %v, want %v", ids, tt.wantID)
			}
		})
	}
	t.Run("nothing told is a story summary", func(t *testing.T) {
		if got, want := SummarizeUpdate(nil, four, StoryOptions{}), SummarizeStory(four, StoryOptions{}); !cmp.Equal(got, want) {
			t.Errorf("update with nothing told differs from the story summary:\n%s", cmp.Diff(want, got))
		}
	})
	t.Run("three outlets after the first add their own facts", func(t *testing.T) {
		got := SummarizeUpdate(first, four[1:], StoryOptions{N: 3})
		checkCited(t, four[1:], StoryOptions{N: 3}, got)
		if len(got) == 0 {
			t.Fatal("no update from three outlets with facts of their own")
		}
		for _, c := range got {
			for _, s := range Split(first[0].Text) {
				if jaccard(s, c.Text) > 0.6 {
					t.Errorf("update sentence %q repeats the told %q", c.Text, s)
				}
			}
		}
	})
}

// TestSummarizeUpdateDenseEval splits every gold story of the dense
// developer split with three items or more in time: the first item is told,
// the rest added. An update quotes only the added items, verbatim, and
// never a sentence the told item carries.
func TestSummarizeUpdateDenseEval(t *testing.T) {
	stories := readDenseStories(t)
	n := 0
	for _, articles := range stories {
		if len(articles) < 3 {
			continue
		}
		articles = slices.Clone(articles)
		slices.SortStableFunc(articles, func(a, b brief.Article) int { return a.Published.Compare(b.Published) })
		told, added := articles[:1], articles[1:]
		opt := StoryOptions{N: 2}
		got := SummarizeUpdate(told, added, opt)
		t.Run(told[0].ID, func(t *testing.T) {
			checkStory(t, added, opt, got)
			for _, c := range got {
				if strings.Contains(told[0].Text, c.Text) {
					t.Errorf("update sentence %q is in the told item", c.Text)
				}
			}
		})
		n++
	}
	t.Logf("%d stories split into a told item and an update", n)
}

func TestSummarizeUpdateSkipsWhatAToldArticleSays(t *testing.T) {
	// A late paragraph of a long told report, copied by a short added one,
	// is no news even though the told report's summary never quoted it.
	river := readTestdata(t, "river-treaty.txt")
	late := "The World Bank said it would lend the commission $15m to build 30 new gauging stations along the river and its tributaries."
	if !strings.Contains(river, late) {
		t.Fatal("the test's sentence is not in river-treaty.txt")
	}
	told := []brief.Article{{ID: "wire", Published: base, Title: benchTitle, Text: river}}
	added := []brief.Article{{ID: "brief", Published: base.Add(time.Hour), Title: "World Bank backs Maro commission", Text: late}}
	for _, c := range SummarizeUpdate(told, added, StoryOptions{}) {
		if c.Text == late {
			t.Errorf("update quotes %q, which the told report carries word for word", late)
		}
	}
}
