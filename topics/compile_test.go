package topics

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTopicsInDefinitionOrder(t *testing.T) {
	m := defaultMatcher(t)
	var ids []string
	for _, tp := range m.Topics() {
		ids = append(ids, tp.ID)
		if tp.Title == "" || tp.Description == "" {
			t.Errorf("topic %s has no title or description", tp.ID)
		}
	}
	if diff := cmp.Diff([]string{"jcpoa", "sco", "iran-russia"}, ids); diff != "" {
		t.Errorf("Topics() (-want +got):\n%s", diff)
	}
}
