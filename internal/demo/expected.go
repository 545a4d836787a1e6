package demo

import "slices"

// The default topics' IDs, which the sample items are written for. The
// topics themselves are defined in the config; these only label the ground
// truth.
const (
	topicJCPOA      = "jcpoa"
	topicSCO        = "sco"
	topicIranRussia = "iran-russia"
)

// expected is the ground truth, one entry per item in feeds/, grouped by
// feed and in document order. Comments name the trap a near-miss sets.
var expected = map[string][]string{
	// Caspian Wire (RSS 2.0).
	"cw-48242": {topicJCPOA},                // arrives at +12m: the Isfahan inspections of Gulf & Levant Monitor's 31240 (+9m), from a second outlet
	"cw-48241": {topicIranRussia},           // arrives at +2m: bank cards to work across the two networks
	"cw-48240": {topicIranRussia},           // Rasht-Astara railway contract
	"cw-48238": nil,                         // Shanghai Composite; "cooperation scheme" next to Shanghai, Russian coal
	"cw-48237": {topicIranRussia, topicSCO}, // Iran's speech to the SCO council, then talks with the Russian minister
	"cw-48235": nil,                         // Russia-Ukraine strike; drones "of Iranian design" only as the weapon
	"cw-48229": {topicJCPOA},                // Majlis committee on IAEA access
	"cw-48226": {topicJCPOA},                // Iran rejects the IAEA report: Eurasia Diplomatic Review's 7752, in other words
	"https://caspian-wire.example/economy/russia-central-bank-holds-key-rate": nil, // no GUID, utm link; Russian economy, Moscow, Iran in a list of export markets
	"cw-48224": {topicSCO}, // SCO defence ministers
	"https://caspian-wire.example/opinion/russia-iran-bonds-riasi-moscow-visit": {topicIranRussia}, // seed-style column, "Riasi"; JCPOA and SCO only in passing
	"cw-48212": {topicJCPOA}, // IAEA quarterly report
	"cw-48209": {topicSCO},   // SCO Regional Anti-Terrorist Structure
	"https://caspian-wire.example/analysis/sco-summits-limits-of-consensus":         {topicSCO},        // no GUID
	"https://caspian-wire.example/technology/sco-group-lawsuits-open-source-legacy": nil,               // no GUID; The SCO Group, the Unix company
	"https://caspian-wire.example/business/rial-rouble-settlements":                 {topicIranRussia}, // no GUID, utm link

	// Eurasia Diplomatic Review (Atom 1.0).
	"tag:eurasia-diplomatic-review.example,2019:article-7760":    {topicSCO},                    // arrives at +5m: summit confirmed
	"tag:eurasia-diplomatic-review.example,2019:article-7759-ru": {topicIranRussia},             // the Rasht-Astara track contract, in Russian
	"tag:eurasia-diplomatic-review.example,2019:article-7759":    {topicIranRussia},             // the Rasht-Astara track contract, in its own words
	"tag:eurasia-diplomatic-review.example,2019:article-7758":    {topicSCO},                    // SCO foreign ministers' council opens
	"tag:eurasia-diplomatic-review.example,2019:article-7757":    {topicIranRussia, topicJCPOA}, // wire copy of the uranium offer (a near duplicate of Gulf & Levant Monitor's 31231)
	"tag:eurasia-diplomatic-review.example,2019:article-7755":    {topicIranRussia},             // intergovernmental commission
	"tag:eurasia-diplomatic-review.example,2019:article-7753":    nil,                           // Iranian film wins in Shanghai; a Russian film in competition
	"tag:eurasia-diplomatic-review.example,2019:article-7752":    {topicJCPOA},                  // Iran rejects IAEA report; E3 resolution
	"tag:eurasia-diplomatic-review.example,2019:article-7749":    {topicIranRussia},             // Gazprom gas via Azerbaijan
	"tag:eurasia-diplomatic-review.example,2019:article-7747":    {topicIranRussia, topicJCPOA}, // Rosatom at Bushehr, IAEA verification
	"tag:eurasia-diplomatic-review.example,2019:article-7745":    nil,                           // Shanghai Masters tennis, Russian player
	"tag:eurasia-diplomatic-review.example,2019:article-7741":    {topicJCPOA},                  // E3 on snapback under UNSCR 2231
	"tag:eurasia-diplomatic-review.example,2019:article-7739":    nil,                           // North Korea enrichment; IAEA, centrifuges, Iran in passing
	"tag:eurasia-diplomatic-review.example,2019:article-7736":    {topicIranRussia},             // Su-35 fighters, drone transfers
	"tag:eurasia-diplomatic-review.example,2019:article-7734":    nil,                           // Scottish Chamber Orchestra "SCO" touring Shanghai
	"tag:eurasia-diplomatic-review.example,2019:article-7730":    {topicSCO},                    // Azerbaijan's observer bid
	"tag:eurasia-diplomatic-review.example,2019:article-7726":    {topicJCPOA},                  // a decade after Implementation Day
	"tag:eurasia-diplomatic-review.example,2019:article-7723":    nil,                           // BRICS bank in Shanghai; Iran and Russia as separate members

	// Gulf & Levant Monitor (JSON Feed 1.1).
	"https://gulf-levant-monitor.example/?p=31240": {topicJCPOA},                  // arrives at +9m: inspectors to return to Isfahan
	"https://gulf-levant-monitor.example/?p=31239": {topicIranRussia},             // opinion on the Rasht-Astara contract: a story of its own
	"https://gulf-levant-monitor.example/?p=31238": {topicIranRussia},             // the Rasht-Astara track contract, a third outlet's report
	"https://gulf-levant-monitor.example/?p=31236": {topicJCPOA, topicSCO},        // SCO communiqué opposes snapback
	"https://gulf-levant-monitor.example/?p=31235": {topicJCPOA},                  // Oman-mediated talks in Muscat
	"https://gulf-levant-monitor.example/?p=31231": {topicIranRussia, topicJCPOA}, // Russia offers to take Iran's uranium
	"https://gulf-levant-monitor.example/?p=31228": {topicSCO},                    // SCO energy ministers
	"https://gulf-levant-monitor.example/?p=31226": {topicIranRussia},             // Mir cards at Iranian ATMs
	"https://gulf-levant-monitor.example/?p=31224": nil,                           // Iran's football team; Russia the opponent in the final
	"https://gulf-levant-monitor.example/?p=31220": nil,                           // a company's Supply Chain Operations (SCO), Shanghai port
	"https://gulf-levant-monitor.example/?p=31216": {topicSCO},                    // SCO development bank
	"https://gulf-levant-monitor.example/?p=31214": {topicIranRussia},             // Caspian naval drill
	"https://gulf-levant-monitor.example/?p=31211": nil,                           // sanctioned oil of Russia, Iran and Venezuela side by side
	"https://gulf-levant-monitor.example/?p=31207": {topicJCPOA},                  // explainer on 60 per cent enrichment
	"https://gulf-levant-monitor.example/?p=31203": nil,                           // IAEA at Zaporizhzhia
	"https://gulf-levant-monitor.example/?p=31199": {topicIranRussia},             // consultations on Syria and the Caucasus
}

// Expected returns the demo's ground truth: for every sample item, the
// default topics ("iran-russia", "jcpoa", "sco") it is meant to be about,
// sorted. An empty list means the item is a near-miss that must match
// no topic: Iran's football team, the Shanghai Composite, a Scottish
// orchestra called SCO, a Russia-Ukraine strike with Iranian-designed drones,
// and so on.
//
// The key is the item's ID as briefbot stores it: the feed's GUID (RSS guid,
// Atom id, JSON Feed id) when it has one, else its link with the utm_*
// tracking parameters removed. Items that arrive after start are included.
// The caller owns the returned map.
func Expected() map[string][]string {
	out := make(map[string][]string, len(expected))
	for k, v := range expected {
		v = slices.Clone(v)
		slices.Sort(v)
		out[k] = v
	}
	return out
}

// stories is the ground truth for story grouping: the sample items that
// report one happening, from several outlets or in several languages. The
// rules are those of the story evaluation sets (../shared/eval/
// stories-README.md): the same happening in any outlet or language is one
// story; opinion about it, reactions and follow-ups are stories of their own.
var stories = [][]string{
	// Iran and Russia sign the first Rasht-Astara track contract: three
	// outlets under three headlines, and the same report in Russian. Gulf &
	// Levant Monitor's opinion piece on it (?p=31239) is a story of its own,
	// and so is the bank-card link that arrives at +2m (cw-48241):
	// the same two countries, another happening.
	{
		"cw-48240",
		"tag:eurasia-diplomatic-review.example,2019:article-7759",
		"tag:eurasia-diplomatic-review.example,2019:article-7759-ru",
		"https://gulf-levant-monitor.example/?p=31238",
	},
	// Iran rejects the IAEA report: two outlets in their own words.
	{
		"tag:eurasia-diplomatic-review.example,2019:article-7752",
		"cw-48226",
	},
	// IAEA inspectors to return to Isfahan: both reports arrive after start
	// (+9m, +12m), so the second is an update to a story already alerted.
	{
		"https://gulf-levant-monitor.example/?p=31240",
		"cw-48242",
	},
	// Russia's uranium offer: one wire story in two outlets.
	{
		"https://gulf-levant-monitor.example/?p=31231",
		"tag:eurasia-diplomatic-review.example,2019:article-7757",
	},
}

// ExpectedStories returns the demo's ground truth for stories: each group
// lists the keys (as in Expected) of sample items that report one happening,
// in publication order. Every item in no group is a story of its own. The
// caller owns the returned slices.
func ExpectedStories() [][]string {
	out := make([][]string, len(stories))
	for i, g := range stories {
		out[i] = slices.Clone(g)
	}
	return out
}
