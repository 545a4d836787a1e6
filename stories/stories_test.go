package stories_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"briefbot/stories"
)

// day is a fixed news day the fixtures are set on.
var day = time.Date(2023, 5, 17, 0, 0, 0, 0, time.UTC)

func at(h float64) time.Time { return day.Add(time.Duration(h * float64(time.Hour))) }

// newClusterer returns a clusterer whose vocabulary has the history of a
// running service, so that everyday words weigh less than names.
func newClusterer(t testing.TB) *stories.Clusterer {
	t.Helper()
	return stories.New(stories.Options{Vocabulary: background(3000)})
}

func assignAll(c *stories.Clusterer, arts []stories.Article) map[string]string {
	got := map[string]string{}
	for _, a := range arts {
		got[a.ID] = c.Assign(a).Story
	}
	return got
}

// railway is one event, the signing of the Rasht-Astara railway deal, as
// four outlets reported it.
var railway = []stories.Article{
	{ID: "reuters-rail", Published: at(9.5),
		Title: "Russia and Iran sign deal to build Rasht-Astara railway link",
		Text:  "Russia and Iran signed an agreement on Wednesday to finance and build the Rasht-Astara railway, a missing link of the International North-South Transport Corridor. Presidents Vladimir Putin and Ebrahim Raisi watched the signing by video link."},
	{ID: "ap-rail", Published: at(10.2),
		Title: "Iran, Russia agree to finance $1.6 billion railway in transport corridor",
		Text:  "Moscow will lend about 1.3 billion euros for the 162-kilometre Rasht-Astara line, Iranian officials said. Putin called the North-South corridor a project of great importance, and Raisi said it would change trade routes in the region."},
	{ID: "aljazeera-rail", Published: at(13),
		Title: "Putin and Raisi hail Rasht-Astara rail agreement as corridor milestone",
		Text:  "The leaders of Russia and Iran said the railway through Rasht and Astara would connect Russia with the Gulf and India along the North-South Transport Corridor, bypassing the Suez Canal."},
	{ID: "tehrantimes-rail", Published: at(18),
		Title: "Tehran, Moscow ink pact on Rasht-Astara railroad",
		Text:  "Iranian Roads Minister Mehrdad Bazrpash and Russian Transport Minister Vitaly Savelyev signed the Rasht-Astara railway agreement in a ceremony attended online by Raisi and Putin."},
}

// lavrov is another Iran-Russia happening on the same day.
var lavrov = []stories.Article{
	{ID: "tass-syria", Published: at(11),
		Title: "Lavrov and Amir-Abdollahian discuss Syria settlement in Moscow",
		Text:  "Russian Foreign Minister Sergei Lavrov held talks with his Iranian counterpart Hossein Amir-Abdollahian on the Syrian settlement and the Astana format ahead of a quadrilateral meeting with Turkey and Syria."},
	{ID: "irna-syria", Published: at(12.5),
		Title: "Amir-Abdollahian, Lavrov confer on Astana format talks over Syria",
		Text:  "Iran's foreign minister Hossein Amir-Abdollahian met Sergei Lavrov in Moscow to prepare the quadrilateral meeting of Iran, Russia, Turkey and Syria within the Astana format."},
}

func TestOneEventFromFourOutletsIsOneStory(t *testing.T) {
	c := newClusterer(t)
	got := assignAll(c, railway)
	for _, a := range railway {
		if got[a.ID] != got[railway[0].ID] {
			t.Errorf("%s (%q) is in story %s, want %s with the other reports of the signing", a.ID, a.Title, got[a.ID], got[railway[0].ID])
		}
	}
	if got[railway[0].ID] != railway[0].ID {
		t.Errorf("story ID = %s, want the founding article's ID %s", got[railway[0].ID], railway[0].ID)
	}
}

func TestTwoEventsOnOneTopicOnOneDayStayTwo(t *testing.T) {
	c := newClusterer(t)
	// Interleaved as they would arrive.
	arts := []stories.Article{railway[0], railway[1], lavrov[0], lavrov[1], railway[2], railway[3]}
	got := assignAll(c, arts)
	if got["tass-syria"] != got["irna-syria"] {
		t.Errorf("the two reports of the Lavrov talks are in %s and %s, want one story", got["tass-syria"], got["irna-syria"])
	}
	for _, a := range railway {
		if got[a.ID] == got["tass-syria"] {
			t.Errorf("%s (railway deal) joined the Lavrov talks story: two happenings of one topic on one day must stay two", a.ID)
		}
		if got[a.ID] != got["reuters-rail"] {
			t.Errorf("%s left the railway story", a.ID)
		}
	}
}

func TestFollowUpAWeekLaterIsANewStory(t *testing.T) {
	c := newClusterer(t)
	censure := []stories.Article{
		{ID: "censure-1", Published: at(15),
			Title: "IAEA board passes resolution censuring Iran over uranium traces",
			Text:  "The International Atomic Energy Agency's Board of Governors passed a resolution drafted by Britain, France, Germany and the United States censuring Iran for failing to explain uranium traces at undeclared sites."},
		{ID: "censure-2", Published: at(17),
			Title: "UN nuclear watchdog's board rebukes Iran in vote",
			Text:  "The IAEA Board of Governors voted 30 to 2 to censure Iran over uranium traces found at three undeclared sites, diplomats said."},
	}
	followUp := stories.Article{ID: "cameras", Published: at(15 + 8*24),
		Title: "Iran removes IAEA cameras after board censure over uranium traces",
		Text:  "Iran began removing 27 IAEA surveillance cameras from its nuclear sites, a week after the agency's Board of Governors passed a resolution censuring it over uranium traces."}
	got := assignAll(c, append(censure, followUp))
	if got["censure-1"] != got["censure-2"] {
		t.Errorf("the two censure reports are in %s and %s, want one story", got["censure-1"], got["censure-2"])
	}
	if got["cameras"] == got["censure-1"] {
		t.Errorf("the camera removal a week later joined the censure story; a follow-up is a new story")
	}
}

func TestEnglishAndRussianReportsJoinThroughNames(t *testing.T) {
	c := newClusterer(t)
	arts := []stories.Article{
		{ID: "en-visit", Published: at(14),
			Title: "Putin Hails Ties With Iran in Kremlin Meeting With Raisi",
			Text:  "President Vladimir Putin welcomed Iran's President Ebrahim Raisi to the Kremlin on Thursday, praising what he called very good relations between Moscow and Tehran."},
		{ID: "ru-visit", Published: at(16),
			Title: "Путин провёл переговоры с Раиси в Кремле",
			Text:  "Президент России Владимир Путин провёл в Кремле переговоры с президентом Ирана Эбрахимом Раиси. Путин назвал отношения двух стран очень хорошими."},
		// Another Putin event the same day, in Russian, sharing only his
		// name, stays apart.
		{ID: "ru-other", Published: at(15),
			Title: "Путин обсудил с Лукашенко поставки газа",
			Text:  "Российский лидер по телефону обсудил с Александром Лукашенко поставки газа в Белоруссию и цены на следующий год."},
	}
	got := assignAll(c, arts)
	if got["ru-visit"] != got["en-visit"] {
		t.Errorf("the Russian report of the Raisi visit is in %s, want it with the English one in %s", got["ru-visit"], got["en-visit"])
	}
	if got["ru-other"] == got["en-visit"] {
		t.Errorf("a Russian report of another Putin event joined the Raisi visit")
	}
}

func TestPolishReportJoinsThroughAnchors(t *testing.T) {
	// Polish inflection hides the shared names ("Rosji", "Iranu"); the
	// topic matcher's aliases, passed as anchors, connect the two.
	arts := []stories.Article{
		railway[0],
		{ID: "pl-rail", Published: at(12),
			Title: "Rosja i Iran podpisały umowę o budowie kolei",
			Text:  "Moskwa sfinansuje budowę linii kolejowej Raszt-Astara w ramach korytarza transportowego Północ-Południe, poinformowały władze w Teheranie."},
	}
	t.Run("with anchors", func(t *testing.T) {
		c := newClusterer(t)
		arts[0].Anchors = []string{"iran", "russia", "rasht-astara"}
		arts[1].Anchors = []string{"iran", "russia", "rasht-astara"}
		got := assignAll(c, arts)
		if got["pl-rail"] != got["reuters-rail"] {
			t.Errorf("the Polish report is in %s, want it with the English one in %s", got["pl-rail"], got["reuters-rail"])
		}
	})
}

func TestOpinionDoesNotSwallowTheEvent(t *testing.T) {
	opinion := stories.Article{ID: "oped", Published: at(9),
		Title: "Opinion: The Rasht-Astara railway deal shows Russia and Iran need each other more than ever",
		Text:  "The agreement Putin and Raisi will sign on Wednesday to build the Rasht-Astara railway is less about trains than about two sanctioned states binding their economies together along the North-South corridor."}
	for _, order := range []string{"opinion first", "opinion last"} {
		t.Run(order, func(t *testing.T) {
			c := newClusterer(t)
			arts := append([]stories.Article{opinion}, railway...)
			if order == "opinion last" {
				arts = append(append([]stories.Article{}, railway...), opinion)
			}
			got := assignAll(c, arts)
			for _, a := range railway {
				if got[a.ID] == got["oped"] {
					t.Errorf("%s joined the opinion piece's story", a.ID)
				}
				if got[a.ID] != got["reuters-rail"] {
					t.Errorf("%s is not with the other reports of the signing", a.ID)
				}
			}
		})
	}
}

func TestWireCopyIsMarkedAsCopy(t *testing.T) {
	c := newClusterer(t)
	orig := railway[1]
	c.Assign(orig)
	c.Assign(lavrov[0])
	copyOf := orig
	copyOf.ID = "msn-copy"
	copyOf.Title = "Iran, Russia agree to finance $1.6bn railway in transport corridor"
	copyOf.Published = orig.Published.Add(40 * time.Minute)
	got := c.Assign(copyOf)
	if !got.Copy || got.Nearest != orig.ID {
		t.Errorf("copy: Copy=%v Nearest=%q (%.2f), want a copy of %s", got.Copy, got.Nearest, got.NearestSimilarity, orig.ID)
	}
	other := c.Assign(railway[2])
	if other.Copy {
		t.Errorf("another outlet's own report was taken for a copy of %s (%.2f)", other.Nearest, other.NearestSimilarity)
	}
	if other.Story != got.Story {
		t.Errorf("the rewritten report is in %s, want the copy's story %s", other.Story, got.Story)
	}
}

func TestSameInputSameStories(t *testing.T) {
	p := newProse(11)
	var arts []stories.Article
	for i := range 60 {
		e := p.event()
		for j := range 1 + i%4 {
			arts = append(arts, p.article(fmt.Sprintf("a%d-%d", i, j), e))
		}
	}
	run := func() []string {
		c := stories.New(stories.Options{})
		var out []string
		for _, a := range arts {
			out = append(out, c.Assign(a).Story)
		}
		for _, m := range c.Stories() {
			out = append(out, fmt.Sprint(m.ID, m.Size))
		}
		return out
	}
	first, second := run(), run()
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Errorf("two runs over the same input gave different stories")
	}
}

// TestRestartFromSavedStories saves the stories and vocabulary half way,
// reloads them into a new clusterer, and checks that the rest of the
// articles land where they would have without the restart.
func TestRestartFromSavedStories(t *testing.T) {
	p := newProse(23)
	var arts []stories.Article
	for i := range 80 {
		e := p.event()
		for j := range 1 + i%3 {
			arts = append(arts, p.article(fmt.Sprintf("a%d-%d", i, j), e))
		}
	}
	// Articles of one event spread over hours; order them by time.
	for i := 1; i < len(arts); i++ {
		for j := i; j > 0 && arts[j].Published.Before(arts[j-1].Published); j-- {
			arts[j], arts[j-1] = arts[j-1], arts[j]
		}
	}
	half := len(arts) / 2
	whole := stories.New(stories.Options{})
	var want []string
	for _, a := range arts {
		want = append(want, whole.Assign(a).Story)
	}

	first := stories.New(stories.Options{})
	for _, a := range arts[:half] {
		first.Assign(a)
	}
	saved, err := json.Marshal(struct {
		Vocabulary *stories.Vocabulary
		Stories    []stories.Story
	}{first.Vocabulary(), first.Stories()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), `"kind":"report"`) {
		t.Errorf("stored stories should name their kind: %.200s", saved)
	}
	var loaded struct {
		Vocabulary *stories.Vocabulary
		Stories    []stories.Story
	}
	if err := json.Unmarshal(saved, &loaded); err != nil {
		t.Fatal(err)
	}
	second := stories.New(stories.Options{Vocabulary: loaded.Vocabulary})
	for _, s := range loaded.Stories {
		second.Load(s)
	}
	for i, a := range arts[half:] {
		if got := second.Assign(a).Story; got != want[half+i] {
			t.Errorf("%s after restart went to %s, without restart to %s", a.ID, got, want[half+i])
		}
	}
}

func TestRepairMergesStoriesThatGrewAlike(t *testing.T) {
	c := stories.New(stories.Options{Vocabulary: background(3000), Threshold: 0.99, MergeThreshold: 0.25})
	// With a join threshold no article reaches, each report founds a
	// story; Repair then sees the four are one.
	got := assignAll(c, railway)
	merges, _ := c.Repair()
	if len(merges) == 0 {
		t.Fatalf("Repair merged nothing; stories %v", got)
	}
	for _, a := range railway {
		if id := c.Resolve(got[a.ID]); id != railway[0].ID {
			t.Errorf("%s resolves to %s after Repair, want %s", a.ID, id, railway[0].ID)
		}
	}
}
