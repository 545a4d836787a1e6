package stories_test

import (
	"testing"

	"briefbot/stories"
)

// A replica places the reports another replica stored in the story that
// replica chose; its own report of the event then joins that story, and a
// report placed in a story it already holds changes nothing.
func TestPlacedReportsDrawLaterReportsIntoTheirStory(t *testing.T) {
	c := newClusterer(t)
	for _, a := range railway[:2] {
		c.Place(a, "elsewhere:rail")
	}
	c.Place(railway[0], "another")
	if got, _ := c.StoryOf(railway[0].ID); got != "elsewhere:rail" {
		t.Fatalf("placed report in story %q, want elsewhere:rail", got)
	}
	for _, a := range railway[2:] {
		if got := c.Assign(a); got.Story != "elsewhere:rail" {
			t.Errorf("%s went to story %q (new %v), want the placed reports' elsewhere:rail", a.ID, got.Story, got.New)
		}
	}
	if got := c.Assign(stories.Article{ID: "other", Published: at(10), Title: "Central bank holds rates steady as inflation eases",
		Text: "The central bank kept its key rate unchanged on Wednesday, citing slowing inflation."}); got.Story == "elsewhere:rail" {
		t.Error("an unrelated report joined the placed story")
	}
}
