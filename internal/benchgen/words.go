package benchgen

// The vocabularies. Iran, Russia and the SCO appear only in the topic
// prose, so the share of articles on the default topics stays near
// TopicShare.

var (
	firstNames = []string{"Amelia", "Tomasz", "Yuki", "Olufemi", "Carlos", "Ingrid", "Rahul", "Mei", "Fatima", "Lars",
		"Sofia", "Kwame", "Elena", "Hiroshi", "Nadia", "Pedro", "Aisha", "Jonas", "Priya", "Mateo", "Chloe", "Dmitar",
		"Leila", "Oskar", "Ana", "Tariq", "Greta", "Kenji", "Zanele", "Marco", "Hana", "Emeka", "Astrid", "Diego",
		"Noor", "Pavel", "Isabel", "Sipho", "Camille", "Arjun", "Mirela", "Tobias", "Lucia", "Bilal", "Freya",
		"Kofi", "Renata", "Sven", "Yara", "Ruben", "Anika", "Joaquin", "Selin", "Farid", "Helga", "Ibrahim",
		"Maja", "Thabo", "Irene", "Viktor"}
	lastNames = []string{"Okafor", "Lindqvist", "Tanaka", "Moreno", "Kowalczyk", "Haddad", "Schneider", "Nakamura",
		"Mensah", "Rossi", "Novak", "Fernandes", "Bergström", "Chowdhury", "Dubois", "Yilmaz", "Petrov", "Santos",
		"Kim", "Adeyemi", "Horvath", "Castillo", "Jensen", "Iyer", "Wojcik", "Mbeki", "Lambert", "Costa", "Ortega",
		"Andersen", "Popescu", "Nguyen", "Keller", "Abubakar", "Varga", "Laurent", "Gupta", "Silva", "Eriksen",
		"Demir", "Mwangi", "Bianchi", "Kaur", "Hoffmann", "Zielinski", "Diallo", "Marquez", "Sato", "Oyelaran",
		"Fischer", "Halvorsen", "Rahman", "Vasquez", "Brennan", "Dragomir", "Achebe", "Morales", "Takahashi",
		"Kovacs", "Esposito", "Lund", "Banda", "Quispe", "Heller", "Ferreira", "Aziz", "Strand", "Ncube",
		"Barros", "Weber", "Chanda", "Moretti", "Salazar", "Janssen", "Obi", "Vidal", "Holm", "Sharma", "Reyes", "Falk"}
	countries = []string{"Brazil", "Nigeria", "Germany", "Japan", "Indonesia", "Mexico", "Kenya", "Poland", "Vietnam",
		"Argentina", "Egypt", "Canada", "Peru", "Sweden", "Ghana", "Chile", "Norway", "Morocco", "Spain", "Italy",
		"Thailand", "Colombia", "Portugal", "Ethiopia", "Malaysia", "Romania", "Hungary", "Tanzania", "Finland",
		"Denmark", "Philippines", "Bangladesh", "South Africa", "Australia", "New Zealand", "Ireland", "Greece",
		"Austria", "Senegal", "Uruguay", "Ecuador", "Zambia", "Croatia", "Slovakia", "Bulgaria", "Tunisia",
		"Sri Lanka", "Nepal", "Cambodia", "Bolivia", "Paraguay", "Iceland", "Estonia", "Latvia", "Lithuania",
		"Jordan", "Lebanon", "Kuwait", "Algeria", "Angola", "Mozambique", "Namibia", "Botswana", "Uganda", "Rwanda"}
	cities = []string{"Lagos", "Hamburg", "Osaka", "Jakarta", "Guadalajara", "Nairobi", "Krakow", "Da Nang",
		"Rosario", "Alexandria", "Calgary", "Arequipa", "Gothenburg", "Kumasi", "Valparaiso", "Bergen", "Casablanca",
		"Valencia", "Turin", "Chiang Mai", "Medellin", "Porto", "Addis Ababa", "Penang", "Cluj", "Debrecen",
		"Arusha", "Tampere", "Aarhus", "Cebu", "Chittagong", "Durban", "Perth", "Wellington", "Cork", "Thessaloniki",
		"Graz", "Dakar", "Montevideo", "Guayaquil", "Lusaka", "Split", "Kosice", "Plovdiv", "Sfax", "Kandy",
		"Pokhara", "Siem Reap", "Cochabamba", "Reykjavik", "Tartu", "Riga", "Vilnius", "Aqaba", "Tripoli",
		"Oran", "Luanda", "Maputo", "Windhoek", "Gaborone", "Kampala", "Kigali", "Lyon", "Seville", "Leipzig",
		"Nagoya", "Surabaya", "Monterrey", "Mombasa", "Gdansk", "Hue", "Cordoba", "Aswan", "Halifax"}
	orgPrefixes = []string{"National", "Regional", "Federal", "Central", "Independent", "Joint", "Coastal",
		"Northern", "Southern", "Metropolitan", "Continental", "Provincial", "Civic", "United"}
	orgNouns = []string{"Statistics Office", "Health Authority", "Ports Agency", "Audit Court", "Energy Regulator",
		"Farmers Union", "Teachers Federation", "Transport Board", "Water Commission", "Competition Authority",
		"Meteorological Service", "Housing Fund", "Railway Company", "Science Council", "Labour Inspectorate",
		"Broadcasting Council", "Chamber of Commerce", "Election Commission", "Fisheries Council", "Road Safety Agency"}
	firmWords    = []string{"Blue", "North", "Silver", "Granite", "Harbor", "Summit", "Cedar", "Vector", "Atlas", "Nova", "Meridian", "Falcon", "Orchard", "Delta", "Beacon", "Lumen"}
	firmWords2   = []string{"River", "Peak", "Field", "Bridge", "Stone", "Wave", "Grid", "Point", "Works", "Line", "Crest", "Gate"}
	firmSuffixes = []string{"Holdings", "Group", "Industries", "Logistics", "Pharma", "Energy", "Foods", "Motors", "Telecom", "Capital", "Systems", "Mining"}
	months       = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	weekdays     = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	adjectives   = []string{"sharp", "modest", "unexpected", "gradual", "steep", "long-awaited", "controversial",
		"record", "temporary", "sweeping", "cautious", "surprise", "partial", "landmark", "costly", "overdue"}
	roles = []string{"finance minister", "mayor", "chief executive", "spokesperson", "union leader", "senior economist",
		"health minister", "central bank governor", "opposition leader", "head coach", "lead researcher",
		"transport minister", "prosecutor", "party chairman", "trade minister", "university rector"}
)

// domain is one subject of general news.
type domain struct {
	headlines, sentences, nouns, verbs []string
}

var (
	economy = &domain{
		headlines: []string{"{C} inflation slows to {X} as {S} eases", "{F} shares jump after {A} {S}",
			"{C} central bank holds rates, signals {A} cuts", "{O} reports {A} rise in {S}",
			"{C} unveils budget with {A} {S}", "Exports from {C} hit {N}-month high"},
		sentences: []string{"Consumer prices in {C} rose {X} in {M} from a year earlier, the {O} said on {W}.",
			"{P}, the {R}, said the {S} would be reviewed before the end of the year.",
			"Shares of {F} climbed {X} in early trading in {T} after the company {V} its forecast.",
			"Economists polled by analysts had expected a {A} slowdown in {S}.",
			"The government in {C} plans to spend {N} billion on {S} over the next {N} years.",
			"Bond yields fell to their lowest level since {M} as investors priced in {A} rate cuts.",
			"Retail sales in {T} have {V} for {N} consecutive months, according to the {O}.",
			"{F} said it would cut {N} jobs and close its plant near {T}."},
		nouns: []string{"wage growth", "the housing market", "fuel subsidies", "the trade surplus", "public debt",
			"factory output", "food prices", "the currency", "corporate taxes", "pension reform", "export demand"},
		verbs: []string{"raised", "lowered", "revised", "confirmed", "abandoned", "delayed", "announced", "doubled"},
	}
	sport = &domain{
		headlines: []string{"{T} clinch title with {A} win", "{P} breaks {A} record in {T}",
			"{C} coach names squad for {M} qualifiers", "Injury rules {P} out of final in {T}",
			"{T} stun champions in {A} comeback"},
		sentences: []string{"{P} scored twice in the second half as the hosts came from behind in {T}.",
			"The {R} said the team had {V} its preparation after a {A} run of results.",
			"A crowd of {N} thousand watched the match at the renovated stadium in {T}.",
			"{P} finished the race in a time that beat the previous best by {N} seconds.",
			"The federation in {C} {V} the suspension after reviewing the video evidence.",
			"{C} will host the championship in {M}, with matches in {T} and {T}.",
			"Fans queued for hours outside the ground in {T} for tickets to the {S}."},
		nouns: []string{"the derby", "the cup final", "the qualifying round", "the relay", "the title race",
			"the transfer window", "the season opener", "the youth tournament", "the marathon", "the semi-final"},
		verbs: []string{"changed", "intensified", "questioned", "praised", "overturned", "extended", "shortened"},
	}
	science = &domain{
		headlines: []string{"Researchers in {T} map {A} {S}", "{O} funds study of {S}",
			"Telescope spots {A} signal, {P} says", "New study links {S} to {A} changes",
			"{C} scientists report progress on {S}"},
		sentences: []string{"The study, published on {W}, followed {N} participants over {N} years.",
			"{P}, a {R} at the university in {T}, said the results were {A} but needed confirmation.",
			"Samples collected near {T} showed {A} levels of {S}, the team reported.",
			"The {O} said it had {V} funding for a follow-up project worth {N} million.",
			"Independent experts cautioned that the sample was small and the effect {A}.",
			"The instrument, built by {F}, will be launched in {M} from a site in {C}.",
			"Earlier work in {C} had suggested a similar pattern in {S}."},
		nouns: []string{"coral bleaching", "soil bacteria", "glacier retreat", "sleep patterns", "gene editing",
			"battery chemistry", "river sediment", "migratory birds", "antibiotic resistance", "deep-sea vents"},
		verbs: []string{"secured", "approved", "renewed", "withdrawn", "expanded", "questioned", "published"},
	}
	health = &domain{
		headlines: []string{"{T} hospitals under strain as {S} rises", "{C} approves {A} plan for {S}",
			"{O} warns of {A} shortage of {S}", "Doctors in {T} strike over {S}"},
		sentences: []string{"Hospitals in {T} reported {N} admissions in the past week, the {O} said.",
			"{P}, the {R}, said waiting times had {V} since {M}.",
			"The ministry in {C} said {N} clinics would open in rural areas by {M}.",
			"Nurses' unions said a {A} staffing gap had left wards without cover at night.",
			"A vaccination drive in {T} reached {X} of eligible adults within {N} weeks.",
			"{F} said supplies of {S} would return to normal within {N} weeks."},
		nouns: []string{"flu cases", "insulin", "emergency care", "mental health services", "measles",
			"dental care", "blood donations", "maternity wards", "generic medicines", "heat-related illness"},
		verbs: []string{"lengthened", "improved", "worsened", "stabilised", "doubled", "fallen", "risen"},
	}
	tech = &domain{
		headlines: []string{"{F} launches {A} {S}", "{C} regulator fines {F} over {S}",
			"Outage hits {S} across {C}", "{F} to build data centre near {T}"},
		sentences: []string{"{F} said the service would reach {N} million users in {C} by {M}.",
			"The {O} opened an inquiry into how {F} handled {S}.",
			"{P}, the {R}, said the company had {V} its plans after talks with regulators.",
			"Customers in {T} reported problems for about {N} hours on {W}.",
			"The data centre near {T} will employ {N} people and draw power from a {A} solar farm.",
			"Analysts said {S} had become a {A} battleground for telecom operators in {C}."},
		nouns: []string{"mobile payments", "satellite internet", "chip exports", "cloud storage", "electric scooters",
			"online lending", "age verification", "facial recognition", "5G spectrum", "ride hailing"},
		verbs: []string{"scaled back", "accelerated", "paused", "redesigned", "defended", "relaunched"},
	}
	weather = &domain{
		headlines: []string{"Floods cut roads around {T}", "{C} braces for {A} heatwave",
			"Storm leaves {N} thousand without power in {T}", "Drought threatens {S} in {C}"},
		sentences: []string{"Rainfall in {T} reached {N} millimetres in {N} hours, the {O} said.",
			"Emergency crews {V} the main road north of {T} after a landslide on {W}.",
			"Farmers in {C} said {S} could fall by {X} this season.",
			"The {O} issued a {A} warning for the coast between {T} and {T}.",
			"Temperatures are expected to stay above {N} degrees until the end of {M}.",
			"{P}, the {R}, said {N} families had been moved to shelters."},
		nouns: []string{"the maize harvest", "coffee yields", "river levels", "hydropower output", "the wheat crop",
			"tourism bookings", "cattle herds", "water reserves", "grape harvests", "fish stocks"},
		verbs: []string{"reopened", "closed", "cleared", "inspected", "reinforced", "evacuated"},
	}
	politics = &domain{
		headlines: []string{"{C} parliament passes {A} bill on {S}", "Coalition talks in {C} stall over {S}",
			"{P} wins {A} mayoral race in {T}", "Protesters in {T} demand action on {S}"},
		sentences: []string{"Lawmakers in {C} voted {N} to {N} in favour of the bill on {W}.",
			"{P}, the {R}, said the coalition had {V} its position on {S}.",
			"Thousands marched through central {T} on {W}, police said.",
			"The {O} said turnout had reached {X}, the highest since {M} {N}.",
			"Opposition parties accused the government of a {A} approach to {S}.",
			"The president of {C} is expected to visit {C2} in {M} to discuss {S}."},
		nouns: []string{"electoral reform", "rent controls", "press freedom", "judicial appointments",
			"regional autonomy", "police funding", "minimum wages", "school curricula", "public transport fares", "asylum rules"},
		verbs: []string{"softened", "hardened", "restated", "reversed", "clarified", "defended"},
	}
	transport = &domain{
		headlines: []string{"New rail link between {T} and {T} opens", "{F} orders {N} aircraft",
			"Port of {T} reports {A} jump in {S}", "Strike halts {S} in {C}"},
		sentences: []string{"The line cuts the journey between {T} and {T} to {N} minutes.",
			"{F} said the order was worth about {N} million dollars at list prices.",
			"Container volumes at {T} rose {X} in {M}, the {O} said.",
			"{P}, the {R}, said the strike had {V} deliveries across {C}.",
			"Construction of the bridge near {T} is {N} months behind schedule.",
			"The {O} expects {N} million passengers to use the route in its first year."},
		nouns: []string{"container traffic", "bus services", "air freight", "night trains", "ferry crossings",
			"toll roads", "cargo flights", "port fees", "truck convoys", "metro lines"},
		verbs: []string{"disrupted", "delayed", "restored", "rerouted", "suspended", "halted"},
	}
	domains = []*domain{economy, sport, science, health, tech, weather, politics, transport}

	general = []string{
		"The announcement came {N} days after a similar move in {C2}.",
		"Officials in {T} declined to comment on the timing.",
		"{P} told a news conference in {T} that more details would follow.",
		"The figures were published by the {O} late on {W}.",
		"Critics said the plan did little to address long-standing concerns.",
		"It was not immediately clear how the measure would be financed.",
		"A spokesperson for {F} said the company was studying the decision.",
		"Local media in {C} reported that talks would continue in {M}.",
		"The decision follows a {A} review ordered by the {O} last year.",
		"Residents of {T} said they had been waiting for years for change.",
		"Similar proposals were rejected twice in the past decade.",
		"{P}, who has held the post since {M}, is expected to speak again on {W}.",
		"The move was welcomed by business groups in {T} and {T}.",
		"Under the plan, about {N} people would be affected in the first phase.",
		"A final decision is expected before the end of {M}.",
		"Neighbouring {C2} has taken a {A} approach to the same problem.",
	}
)

// topicProse is the prose of the default topics: a headline and the
// sentences that make the article about the topic.
type topicText struct {
	domain               *domain
	headlines, sentences []string
}

var topicProse = map[string]topicText{
	"jcpoa": {domain: politics,
		headlines: []string{"IAEA says Iran expanded uranium enrichment at Fordow",
			"Iran and E3 resume nuclear talks in Vienna on reviving the 2015 deal",
			"Iran nuclear deal: negotiators report {A} progress in Vienna",
			"Grossi urges Iran to restore IAEA inspections at Natanz",
			"Snapback sanctions loom as Iran nuclear talks stall"},
		sentences: []string{"The IAEA said Iran had increased its stockpile of enriched uranium at Fordow and Natanz, according to a confidential report seen by reporters.",
			"Negotiators from Iran and the E3 met in Vienna to discuss reviving the 2015 Iran nuclear deal, known as the JCPOA.",
			"IAEA chief Rafael Grossi said inspectors had not been given access to the Natanz enrichment site since {M}.",
			"Iranian foreign minister Abbas Araghchi said Tehran was ready to return to full compliance with the nuclear agreement if sanctions were lifted.",
			"European diplomats warned that the snapback of UN sanctions under Resolution 2231 remained possible if Iran kept enriching uranium to 60 percent."},
	},
	"sco": {domain: economy,
		headlines: []string{"Shanghai Cooperation Organisation summit opens in {T}",
			"SCO foreign ministers meet to prepare {A} summit",
			"Shanghai Cooperation Organisation agrees {A} plan on {S}",
			"SCO leaders sign declaration on regional security"},
		sentences: []string{"Leaders of the Shanghai Cooperation Organisation gathered for their annual summit, with security and trade on the agenda.",
			"The SCO secretary-general said member states had agreed to expand cooperation on {S}.",
			"Foreign ministers of the Shanghai Cooperation Organisation met to prepare the declaration to be signed at the summit.",
			"The SCO, founded in 2001, groups China, Russia, India, Pakistan, Iran and four Central Asian states.",
			"Defence ministers of the SCO member states held talks on counter-terrorism exercises planned for {M}."},
	},
	"iran-russia": {domain: economy,
		headlines: []string{"Iran and Russia sign {A} gas deal", "Russia and Iran agree to link payment systems",
			"Putin and Pezeshkian discuss North-South transport corridor",
			"Iran, Russia deepen military cooperation, officials say"},
		sentences: []string{"Iran and Russia signed an agreement to build the Rasht-Astara railway, a link in the North-South transport corridor.",
			"Russian President Vladimir Putin and Iranian President Masoud Pezeshkian discussed energy cooperation by phone on {W}.",
			"Moscow and Tehran agreed to connect Russia's Mir payment system with Iran's Shetab network.",
			"Gazprom said it would supply Iran with up to {N} million cubic metres of gas a day under the deal with Russia.",
			"Iranian and Russian officials said trade between the two countries rose {X} last year despite Western sanctions."},
	},
}
