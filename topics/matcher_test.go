package topics

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"briefbot/brief"
	"github.com/google/go-cmp/cmp"
)

func defaultMatcher(t testing.TB) *Matcher {
	t.Helper()
	m, err := Compile(Defaults())
	if err != nil {
		t.Fatalf("Compile(Defaults()): %v", err)
	}
	return m
}

func matchedIDs(ms []brief.Match) []string {
	ids := []string{}
	for _, m := range ms {
		ids = append(ids, m.TopicID)
	}
	return ids
}

// The headlines and descriptions below are written for these tests; they
// imitate the kinds of items the evaluation data holds without copying any.
func TestDefaultTopics(t *testing.T) {
	m := defaultMatcher(t)
	tests := []struct {
		name        string
		title, text string
		want        []string
	}{
		// jcpoa
		{"IAEA inspections at an Iranian site", "Iran lets IAEA inspectors back into Fordow enrichment plant",
			"The UN nuclear watchdog said its inspectors visited the site on Monday.", []string{"jcpoa"}},
		{"the deal by its acronym in the text", "Europeans make a last push in Vienna",
			"Diplomats hope to revive the JCPOA before the snapback deadline.", []string{"jcpoa"}},
		{"the deal in Russian", "Лавров: Москва поддерживает восстановление СВПД", "", []string{"jcpoa"}},
		{"the 2004 talks by their negotiators' name", "EU-3 and Iran resume talks in Paris", "", []string{"jcpoa"}},
		{"the snapback written in two words", "Britain weighs snap back of UN sanctions on Iran", "", []string{"jcpoa"}},
		{"the deal in Persian", "مذاکرات برجام در وین از سر گرفته شد", "", []string{"jcpoa"}},
		{"enriched uranium without the word nuclear", "Tehran raises stock of uranium enriched to 60%", "", []string{"jcpoa"}},
		{"the IAEA and Iran in French, both elided", "L’AIEA dénonce le manque de coopération de l’Iran",
			"Le rapport évoque le stock d’uranium enrichi.", []string{"jcpoa"}},
		{"nuclear talks in Arabic", "استئناف المفاوضات النووية مع إيران في فيينا", "تهدف المحادثات إلى إحياء الاتفاق النووي.", []string{"jcpoa"}},
		{"nuclear talks in Spanish", "Irán y las potencias reanudan las negociaciones nucleares en Viena", "El acuerdo nuclear de 2015 está en juego.", []string{"jcpoa"}},
		{"North Korea's nuclear programme is not the Iran deal", "North Korea tests new nuclear-capable missile",
			"Pyongyang said the launch showed its nuclear deterrent was ready.", []string{}},
		{"an Iranian missile test is not the Iran deal", "Iran test-fires ballistic missile amid nuclear tension", "", []string{}},
		{"a British power-plant deal is not the Iran deal", "Ministers sign nuclear deal for new reactor in Wales", "", []string{}},
		{"a prisoner swap is not the Iran deal", "US and Iran complete prisoner swap",
			"Five Americans flew home after a deal that unfroze Iranian funds.", []string{}},
		{"Ukraine's nuclear plant is not the Iran deal", "IAEA warns of shelling near Zaporizhzhia nuclear plant", "", []string{}},

		// sco
		{"summit named in full", "Shanghai Cooperation Organisation summit opens in Astana", "", []string{"sco"}},
		{"the bloc described, not named", "Shanghai bloc leaders gather in Astana", "", []string{"sco"}},
		{"the acronym with a word of its work", "India hands over SCO chairmanship to Kazakhstan", "", []string{"sco"}},
		{"the bloc described by who leads it", "Belarus takes final step to join China-led security bloc",
			"Minsk becomes the tenth member of the grouping.", []string{"sco"}},
		{"acronym with summit context", "Iran becomes full SCO member at summit", "", []string{"sco"}},
		{"acronym in the title, full name in the text", "SCO backs new development bank",
			"The Shanghai Cooperation Organization agreed to study the plan.", []string{"sco"}},
		{"the organisation in Persian", "ایران عضو دائم سازمان همکاری شانگهای شد", "", []string{"sco"}},
		{"the organisation in Polish", "Białoruś dołącza do Szanghajskiej Organizacji Współpracy", "", []string{"sco"}},
		{"the acronym in Russian with context", "Саммит ШОС открылся в Астане", "", []string{"sco"}},
		{"the acronym in Ukrainian with context", "Саміт ШОС у Казахстані: Білорусь вступила до організації", "", []string{"sco"}},
		{"the organisation in French, elided", "L'Iran rejoint l'Organisation de coopération de Shanghai", "", []string{"sco"}},
		{"the organisation in Turkish with a case ending", "İran, Şanghay İşbirliği Örgütü'ne tam üye oldu", "", []string{"sco"}},
		{"Shanghai Masters tennis", "Rublev reaches Shanghai Masters final", "The Russian beat the top seed in three sets.", []string{}},
		{"the Shanghai stock market", "Shanghai stocks close higher as property shares rally", "", []string{}},
		{"The SCO Group", "SCO Group loses Unix copyright appeal", "The SCO Group had claimed IBM copied its code.", []string{}},
		{"Angers SCO football club", "Angers SCO sign midfielder", "The Ligue 1 side completed the transfer on Monday.", []string{}},
		{"San Francisco", "San Francisco startup raises $40m", "", []string{}},
		{"sco in lower case is not the acronym", "leaders gather for the sco summit", "", []string{}},
		{"a bilateral meeting on the sidelines", "Modi and Xi meet on the sidelines of the SCO summit", "", []string{}},
		{"a photo caption naming the SCO", "Xi and Putin discuss grain deal",
			"Xi Jinping and Vladimir Putin at a Shanghai Cooperation Organisation summit in 2022. (Pool via Reuters)", []string{}},
		{"BRICS is not the SCO", "Iran and Saudi Arabia invited to join BRICS bloc", "", []string{}},
		{"a BRICS summit naming the SCO by comparison", "BRICS summit opens in Johannesburg",
			"The bloc, like the SCO, is seen as a counterweight to the West.", []string{}},
		{"the acronym with its member states", "SCO countries hold joint anti-terror drills", "", []string{"sco"}},
		{"an acronym the article spells out as something else", "Retailer merges its Store Channel Operations (SCO) team",
			"The new head of SCO joins from a rival chain and will report to the board.", []string{}},
		{"the acronym after the organisation's own name", "Leaders gather in Astana",
			"The Shanghai Cooperation Organisation (SCO) opens its summit on Thursday.", []string{"sco"}},

		// iran-russia
		{"a treaty between the presidents", "Putin and Pezeshkian sign strategic partnership treaty", "", []string{"iran-russia"}},
		{"drone supplies", "Iran delivers more drones to Russia, US says", "", []string{"iran-russia"}},
		{"a visit", "Lavrov to visit Tehran for talks on the Caucasus", "", []string{"iran-russia"}},
		{"banking links", "Bank of Russia links card payments with Iran",
			"The central banks agreed to connect their networks.", []string{"iran-russia"}},
		{"relations in Arabic", "بوتين يبحث مع رئيسي التعاون بين روسيا وإيران", "", []string{"iran-russia"}},
		{"Iran's football team", "Iran beat Russia 2-0 in friendly", "Mehdi Taremi scored twice in Tehran.", []string{}},
		{"a Ukraine war report with Iranian-made drones as the weapon", "Russia strikes Kyiv with Iranian-made drones overnight",
			"Air defences shot down most of the Shahed drones, officials said.", []string{}},
		{"a list of rivals", "China, Russia and Iran named top cyber threats", "", []string{}},
		{"a list of sanctioned oil exporters", "Shippers face new rules on Russian, Iranian and Venezuelan crude trades", "", []string{}},
		{"Russia's ties with North Korea", "Putin hails ties with North Korea's Kim", "", []string{}},
		{"a visit in Russian", "Президент Ирана посетил Москву", "Стороны обсудили торговлю и транспортный коридор.", []string{"iran-russia"}},
		{"a meeting in Russian", "Лавров встретился с главой МИД Ирана", "", []string{"iran-russia"}},
		{"a phone call in Russian", "Путин провел телефонный разговор с президентом Ирана", "", []string{"iran-russia"}},
		{"a meeting in Polish, names inflected", "Ławrow spotkał się z szefem irańskiej dyplomacji", "", []string{"iran-russia"}},
		{"a visit in Polish, Putin inflected", "Prezydent Iranu z wizytą u Putina", "Irański przywódca przybył na Kreml.", []string{"iran-russia"}},
		{"an arrival in Ukrainian", "Міністр закордонних справ Ірану прибув до Москви", "Сторони обговорили співпрацю.", []string{"iran-russia"}},
		{"a meeting in Arabic", "لافروف يلتقي نظيره الإيراني في موسكو", "", []string{"iran-russia"}},
		{"a phone call in Arabic", "اتصال هاتفي بين بوتين والرئيس الإيراني", "", []string{"iran-russia"}},
		{"sanctions on each, in Russian", "ЕС обсуждает новые санкции против России и Ирана", "Послы стран ЕС встретятся в среду.", []string{}},
		{"sanctions on each, in Polish", "UE rozmawia o nowych sankcjach wobec Rosji i Iranu", "Ambasadorowie państw UE spotkają się w środę.", []string{}},
		{"accused of the same thing", "US accuses Russia and Iran of election interference",
			"Intelligence officials said Moscow and Tehran back disinformation campaigns.", []string{}},
		{"accused of the same thing, in Russian", "США обвинили Россию и Иран во вмешательстве в выборы",
			"Разведка заявила, что Москва и Тегеран поддерживают дезинформационные кампании.", []string{}},
		{"a visit in Italian, the country elided", "Il ministro degli Esteri dell’Iran in visita a Mosca",
			"Incontro con Lavrov sulla cooperazione tra Iran e Russia.", []string{"iran-russia"}},
		{"a private person's nationality is not the state", "Two Iranian brothers charged with spying for Russia",
			"In Sweden, two Iranian brothers were charged with spying for Russia for a decade.", []string{}},
		{"the state's officials", "Iranian officials arrive in Moscow for talks on drone deliveries", "", []string{"iran-russia"}},
		{"a phone call in Turkish", "Putin, İran Cumhurbaşkanı ile telefonda görüştü", "Rusya ile İran arasındaki ilişkiler ele alındı.", []string{"iran-russia"}},
		{"a war report in Polish with Iranian drones as the weapon", "Rosja zaatakowała Kijów irańskimi dronami. Zełenski: potrzebujemy wsparcia",
			"Ukraińska obrona powietrzna zestrzeliła 30 dronów.", []string{}},

		// several at once
		{"Russian help for Iran's nuclear programme", "Russia could give Iran enriched uranium, Kyiv warns", "", []string{"jcpoa", "iran-russia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := matchedIDs(m.Match(brief.Article{ID: "a", Title: tt.title, Text: tt.text}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Match(%q) topics (-want +got):\n%s", tt.title, diff)
			}
		})
	}
}

func TestMatchIsSafeForConcurrentUse(t *testing.T) {
	m := defaultMatcher(t)
	a := brief.Article{Title: "Putin and Raisi sign treaty", Text: "Iran and Russia deepened ties."}
	want := m.Match(a)
	errs := make(chan string, 8)
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 50 {
				if got := m.Match(a); !cmp.Equal(got, want) {
					errs <- cmp.Diff(want, got)
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
	close(errs)
	for d := range errs {
		t.Errorf("concurrent Match differs:\n%s", d)
	}
}

func TestSeedArticleMatchesAllDefaults(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "seed-article.txt")
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("seed article not found at %s (../shared next to the repository): %v", path, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	title, text, _ := strings.Cut(string(b), "\n")
	a := brief.Article{ID: "seed", Title: strings.TrimSpace(title), Text: strings.TrimSpace(text)}
	ms := defaultMatcher(t).Match(a)
	if diff := cmp.Diff([]string{"jcpoa", "sco", "iran-russia"}, matchedIDs(ms)); diff != "" {
		t.Fatalf("seed article topics (-want +got):\n%s", diff)
	}
	for _, m := range ms {
		t.Logf("%s score %.3f terms %v", m.TopicID, m.Score, m.Terms())
	}
	ir := ms[2]
	if !slices.ContainsFunc(ir.Hits, func(h brief.Hit) bool { return h.Found == "Riasi" && h.Term == "Raisi" }) {
		t.Errorf("iran-russia hits lack the misspelt Riasi as Raisi: %v", ir.Terms())
	}
}

func TestSpellingVariants(t *testing.T) {
	m, err := Compile([]Definition{{
		ID: "v", Title: "Variants",
		Groups: []Group{{Name: "g", Weight: 1, Terms: []string{"non-proliferation", "Amir-Abdollahian", "Khamene'i", "Organisation*"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want bool
	}{
		{"the nonproliferation treaty", true},
		{"the non proliferation treaty", true},
		{"the Non‐Proliferation treaty", true}, // Unicode hyphen
		{"Amir Abdollahian said", true},
		{"Amirabdollahian said", true},
		{"Khamenei said", true},
		{"Khamene’i said", true},
		{"the organisations and organizations", true},
		{"proliferation of weapons", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := len(m.Match(brief.Article{Title: tt.text})) > 0; got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}
