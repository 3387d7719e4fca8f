//! The shared Swedish vocabulary of the "phrases" corpora: the subjects, verbs, objects and
//! qualifiers of district risk registers, worded as the seeds word them ("Att … inte följs",
//! "Brister i …", "… sker utan …", "Risk för att …", "Medarbetare utsätts för hot och våld",
//! "Löneskulder uppstår"), grouped by the area of work they belong to. Every event of the
//! phrases corpora is composed from these pieces, so that events are distinct but share
//! most of their words, as the events of real registers do.
//!
//! Weights give each area's share of a register's events, so that the words the theme
//! catalogue looks for (löneskulder, inköp utanför ramavtal, behörigheter, förtroendekänsliga
//! poster, hot och våld, otillåten påverkan, genomförandeplan …) occur about as often as in
//! real registers: a few events each per register.

/// A verb phrase of a subject: `verb`, then "inte" when `negated`, then `rest`
/// ("får" inte "insatser utifrån behov").
pub type VerbPhrase = (&'static str, bool, &'static str);

/// One area of work.
pub struct Domain {
    /// Share of a register's events (relative).
    pub weight: u32,
    /// The KF goal the area's risks are written under.
    pub goal: &'static str,
    /// (process, arbetssätt) of the area's risks.
    pub contexts: &'static [(&'static str, &'static str)],
    /// Things that should be done, and how (the finite verb, then what follows it):
    /// "Genomförandeplaner upprättas inte", "Att avtal inte följs upp".
    pub objects: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    /// What there can be brister i.
    pub areas: &'static [&'static str],
    /// Actions (with their verb), what they should not be done without ("Inköp görs utan
    /// avrop från ramavtal"), and how they go wrong ("Attest görs av ej behörig person").
    pub acts: &'static [(&'static str, &'static str, &'static [&'static str], &'static [&'static str])],
    /// People, and what happens to them or what they fail to get.
    pub whos: &'static [(&'static str, &'static [VerbPhrase])],
    /// Things that happen ("Löneskulder uppstår").
    pub problems: &'static [(&'static str, &'static str)],
    /// Where ("inom hemtjänsten").
    pub places: &'static [&'static str],
    /// When or why ("vid sommarvikariat").
    pub conditions: &'static [&'static str],
    /// Kinds of named unit of the area, for the places of the scale-years corpus
    /// ("förskolan" Solbacken).
    pub units: &'static [&'static str],
}

/// Conditions any area's events may carry.
pub const SHARED_CONDITIONS: &[&str] = &[
    "på grund av otydlig ansvarsfördelning",
    "på grund av bristande uppföljning",
    "vid hög arbetsbelastning",
    "på grund av hög personalomsättning",
    "på grund av bristande kunskap om rutinerna",
    "vid omorganisation",
    "vid chefsbyte",
    "under semesterperioden",
];

/// Words between "inte" and the verb: "Avtal följs inte alltid upp".
pub const ADVERBS: &[&str] = &["alltid", "regelbundet", "systematiskt", "tillräckligt"];

/// Names of units for the scale-years corpus: a first part and a second part
/// ("Sol" + "backen"), optionally after a quarter ("Norra").
pub const NAME_FIRST: &[&str] = &[
    "Sol",
    "Ek",
    "Björk",
    "Lind",
    "Ask",
    "Gran",
    "Tall",
    "Rosen",
    "Lärk",
    "Hassel",
    "Al",
    "Lönn",
    "Sjö",
    "Berg",
    "Ängs",
    "Dal",
    "Hag",
    "Skogs",
    "Strand",
    "Äppel",
    "Körsbärs",
    "Fågel",
    "Vind",
    "Sten",
    "Ljung",
    "Vass",
    "Näckros",
    "Blåbärs",
    "Lingon",
    "Hjortron",
    "Kastanje",
    "Ekorr",
    "Uggle",
    "Räv",
    "Hare",
    "Trast",
    "Mås",
    "Svan",
    "Tran",
    "Lo",
];
pub const NAME_SECOND: &[&str] = &[
    "backen", "dalen", "gården", "hagen", "ängen", "lunden", "viken", "udden", "torpet", "höjden", "stigen", "berget",
    "tunet", "näset", "holmen", "stranden", "kullen", "slänten",
];
pub const NAME_QUARTER: &[&str] = &["Norra", "Södra", "Östra", "Västra", "Stora", "Lilla", "Nya"];

const G_SKATT: &str = "3.2 Stockholm använder skattemedlen effektivt till största nytta för stockholmarna";
const G_BUDGET: &str = "3.1 Stockholm har en budget i balans och långsiktigt hållbara finanser";
const G_TRYGG: &str = "1.2 Stockholm är en trygg, säker och välskött stad att bo och vistas i";
const G_STOD: &str =
    "1.4 I Stockholm får människor i behov av stöd insatser i tid präglade av hög kvalitet, evidens och rättssäkerhet";
const G_ALDRE: &str =
    "1.5 I Stockholm har äldre en tillvaro som präglas av hög kvalitet, trygghet och självbestämmande";
const G_BARN: &str =
    "1.3 I Stockholm når barn sin fulla potential då Stockholms skolor och förskolor är de bästa i Sverige";
const G_MEDARB: &str = "3.4 Medarbetare i Stockholm ska ges goda förutsättningar att göra ett bra jobb";
const G_BEREDSKAP: &str = "3.5 Hög beredskap och stark rådighet ska råda i alla verksamhetsområden";
const G_MILJO: &str = "2.5 Stockholm är en hållbar stad med en god livsmiljö";
const G_TRYGGHET: &str = "3.6 Tryggheten ska öka genom förebyggande insatser";

pub const DOMAINS: &[Domain] = &[
    // Inköp och upphandling.
    Domain {
        weight: 11,
        goal: G_SKATT,
        contexts: &[
            ("Inköp och upphandling", "Inköp görs via avrop från stadens ramavtal och enligt förvaltningens riktlinjer för direktupphandling."),
            ("Avtalsuppföljning", "Avtal med leverantörer följs upp enligt förvaltningens plan för avtalsuppföljning."),
        ],
        objects: &[
            ("riktlinjerna för direktupphandling", &[("följs", ""), ("tillämpas", ""), ("efterlevs", "")]),
            ("stadens ramavtal", &[("används", ""), ("följs", "")]),
            ("avtalsdatabasen", &[("används", ""), ("kontrolleras", "före inköp")]),
            ("avtal med leverantörer", &[("följs", "upp"), ("förlängs", "i tid"), ("dokumenteras", "")]),
            ("beställningar", &[("dokumenteras", ""), ("attesteras", ""), ("registreras", "i inköpssystemet")]),
            ("miljökrav i avtal", &[("följs", "upp"), ("ställs", "")]),
            ("leverantörernas fakturor", &[("kontrolleras", "mot avtalet"), ("betalas", "i tid")]),
        ],
        areas: &["avtalstroheten", "uppföljningen av leverantörsavtal", "dokumentationen av direktupphandlingar", "hanteringen av avrop från ramavtal", "kontrollen av leverantörer"],
        acts: &[
            (
                "Inköp",
                "görs",
                &["avrop från ramavtal", "giltigt avtal", "beställning i inköpssystemet", "kontroll i avtalsdatabasen"],
                &["utanför ramavtal", "hos leverantörer utan avtal", "utan att direktupphandlingsriktlinjer följs"],
            ),
            ("Direktupphandling", "görs", &["konkurrensutsättning", "dokumenterat beslut", "kontroll av leverantören"], &["över direktupphandlingsgränsen", "utan dokumentation"]),
            ("Köp av konsulttjänster", "görs", &["giltigt avtal", "beslut av behörig chef"], &["utanför ramavtal"]),
        ],
        whos: &[],
        problems: &[("Otillåtna direktupphandlingar", "görs"), ("Inköp utanför ramavtal", "förekommer"), ("Bristande avtalstrohet", "förekommer")],
        places: &["inom förskolan", "inom äldreomsorgen", "inom parkverksamheten", "inom administrationen", "vid enheterna"],
        conditions: &["vid inköp av livsmedel", "vid inköp av förbrukningsmaterial", "vid brådskande behov", "vid köp av tjänster"],
        units: &["förskolan", "enheten"],
    },
    // Ekonomi och redovisning.
    Domain {
        weight: 11,
        goal: G_BUDGET,
        contexts: &[
            ("Ekonomisk redovisning", "Redovisningen sker enligt stadens regler för ekonomisk förvaltning."),
            ("Attest och utbetalningar", "Attest görs enligt nämndens attestförteckning."),
            ("Budgetuppföljning", "Prognoser och uppföljning görs månadsvis i ledningsgruppen."),
        ],
        objects: &[
            ("attestreglerna", &[("följs", "")]),
            ("stadens regler för förtroendekänsliga poster", &[("följs", ""), ("tillämpas", "")]),
            ("förtroendekänsliga poster", &[("hanteras", "enligt stadens regler"), ("redovisas", "korrekt")]),
            ("kontanthanteringen", &[("sker", "säkert")]),
            ("periodiseringar", &[("görs", "korrekt")]),
            ("prognoserna", &[("är", "rättvisande"), ("lämnas", "i tid")]),
            ("fakturor", &[("betalas", "i tid"), ("granskas", "före attest")]),
            ("momsen", &[("redovisas", "korrekt")]),
        ],
        areas: &["den ekonomiska redovisningen", "budgetuppföljningen", "attesthanteringen", "hanteringen av kontanter", "bokföringsunderlagen"],
        acts: &[
            ("Attest", "görs", &["underlag", "kontroll av behörighet", "stöd i attestförteckningen"], &["av ej behörig person", "av jävig person"]),
            ("Utbetalning", "sker", &["attest", "underlag", "kontroll av mottagaren"], &["till fel mottagare", "med fel belopp"]),
            ("Representation", "sker", &["dokumenterat syfte", "deltagarförteckning"], &["utan koppling till verksamheten"]),
        ],
        whos: &[],
        problems: &[
            ("Felaktig bokföring", "förekommer"),
            ("Fel moms", "dras"),
            ("Avvikelser mot budget", "uppstår"),
            ("Oegentligheter", "begås"),
            ("Ej rättvisande prognoser", "lämnas"),
            ("Felaktiga utbetalningar", "görs"),
        ],
        places: &["inom förvaltningen", "inom avdelningarna", "vid enheterna", "inom administrationen"],
        conditions: &["vid bokslut", "vid tertialrapportering", "vid årsskiftet", "vid byte av ekonomisystem"],
        units: &["enheten", "resultatenheten"],
    },
    // Lön och personal.
    Domain {
        weight: 10,
        goal: G_MEDARB,
        contexts: &[
            ("Lön och personaladministration", "Frånvaro och tillägg rapporteras och attesteras i personalsystemet."),
            ("Kompetensförsörjning", "Rekrytering och introduktion sker enligt förvaltningens rutiner."),
            ("Arbetsmiljö", "Det systematiska arbetsmiljöarbetet bedrivs enligt stadens rutiner."),
        ],
        objects: &[
            ("frånvaro", &[("rapporteras", "i tid"), ("registreras", "i personalsystemet")]),
            ("tidrapporter", &[("attesteras", "i tid"), ("granskas", "")]),
            ("rutinerna för avslut av anställning", &[("följs", "")]),
            ("kompetensförsörjningsplanen", &[("upprättas", ""), ("följs", "upp")]),
            ("det systematiska arbetsmiljöarbetet", &[("genomförs", ""), ("dokumenteras", "")]),
            ("rehabiliteringsprocessen", &[("följs", "")]),
            ("introduktionen av nyanställda", &[("genomförs", "")]),
            ("löneskulder", &[("bevakas", ""), ("återkrävs", "i tid")]),
        ],
        areas: &["hanteringen av löneskulder", "lönehanteringen", "rapporteringen av frånvaro", "det systematiska arbetsmiljöarbetet", "rehabiliteringsprocessen", "introduktionen av nyanställda", "kompetensförsörjningen"],
        acts: &[
            ("Löneutbetalning", "sker", &["korrekt underlag", "attest av chef"], &["med fel belopp", "efter avslutad anställning"]),
            ("Rekrytering", "sker", &["kontroll av referenser", "utdrag ur belastningsregistret"], &["utan kompetensbaserad bedömning"]),
        ],
        whos: &[
            ("Medarbetare", &[("utsätts", false, "för hög arbetsbelastning"), ("får", true, "introduktion"), ("får", true, "kompetensutveckling"), ("får", true, "rätt lön")]),
            ("Chefer", &[("får", true, "stöd i arbetsmiljöansvaret"), ("kan", true, "ta ansvar för sina verksamheter"), ("har", false, "för många medarbetare")]),
        ],
        problems: &[
            ("Löneskulder", "uppstår"),
            ("Fel på löneutbetalning", "uppstår"),
            ("Felaktiga löneutbetalningar", "görs"),
            ("Hög personalomsättning", "uppstår"),
            ("Hög sjukfrånvaro", "kvarstår"),
        ],
        places: &["inom hemtjänsten", "inom förskolan", "på äldreboendena", "inom LSS-verksamheten"],
        conditions: &["vid sommarvikariat", "vid användning av timanställda", "vid sen rapportering", "vid byte av personalsystem", "vid avslut av anställning"],
        units: &["förskolan", "hemtjänstgruppen", "äldreboendet"],
    },
    // Behörigheter och informationssäkerhet.
    Domain {
        weight: 9,
        goal: G_TRYGG,
        contexts: &[
            ("Informationssäkerhet", "Behörigheter tilldelas och följs upp enligt förvaltningens rutin."),
            ("Hantering av personuppgifter", "Personuppgifter hanteras enligt dataskyddsförordningen."),
        ],
        objects: &[
            ("behörigheter i verksamhetssystemen", &[("tas", "bort i tid"), ("följs", "upp"), ("kontrolleras", "")]),
            ("informationssäkerhetsrutinerna", &[("följs", "")]),
            ("personuppgifter", &[("hanteras", "säkert"), ("skyddas", "")]),
            ("loggar", &[("följs", "upp"), ("granskas", "")]),
            ("informationsklassningen", &[("genomförs", ""), ("är", "aktuell")]),
        ],
        areas: &["hanteringen av behörigheter", "informationssäkerheten", "hanteringen av personuppgifter", "loggkontrollerna", "skyddet av förvaltningens informationstillgångar"],
        acts: &[
            ("Tilldelning av behörigheter", "sker", &["beslut av chef", "kontroll av behörighet"], &["till fel person"]),
            ("Utlämnande av allmänna handlingar", "sker", &["sekretessprövning"], &["till obehöriga"]),
        ],
        whos: &[("Obehöriga", &[("får", false, "tillgång till känslig information"), ("har", false, "åtkomst till personuppgifter"), ("har", false, "behörighet i verksamhetssystemen")])],
        problems: &[
            ("Felaktiga behörigheter", "ligger kvar i systemen"),
            ("Personuppgiftsincidenter", "inträffar"),
            ("Sekretessbrott", "begås"),
            ("Personuppgifter", "skickas okrypterat via e-post"),
        ],
        places: &["inom socialtjänsten", "inom förskolan", "inom äldreomsorgen", "inom administrationen"],
        conditions: &["vid byte av tjänst", "vid avslut av anställning", "vid användning av e-post", "vid distansarbete", "vid byte av verksamhetssystem"],
        units: &["enheten"],
    },
    // Hot och våld, otillåten påverkan.
    Domain {
        weight: 7,
        goal: G_TRYGGHET,
        contexts: &[
            ("Säkerhet och arbetsmiljö", "Rutiner vid hot och våld är kända och följs; incidenter rapporteras."),
            ("Motverka otillåten påverkan", "Medarbetare och chefer utbildas i att förebygga otillåten påverkan."),
        ],
        objects: &[
            ("rutinerna vid hot och våld", &[("följs", ""), ("är", "kända")]),
            ("säkerhetsrutinerna", &[("följs", ""), ("uppdateras", "")]),
            ("incidenter", &[("rapporteras", ""), ("åtgärdas", "")]),
            ("riskbedömningar inför hembesök", &[("görs", "")]),
        ],
        areas: &["säkerhetsarbetet", "rapporteringen av incidenter", "arbetet mot otillåten påverkan", "rutinerna vid hot och våld"],
        acts: &[],
        whos: &[
            (
                "Medarbetare",
                &[
                    ("utsätts", false, "för hot och våld"),
                    ("utsätts", false, "för otillåten påverkan"),
                    ("känner", false, "sig hotade"),
                    ("låter", false, "sig påverkas"),
                    ("vet", true, "hur de ska agera för att förebygga otillåten påverkan"),
                ],
            ),
            ("Handläggare", &[("utsätts", false, "för otillåten påverkan"), ("utsätts", false, "för hot och våld"), ("utsätts", false, "för trakasserier")]),
            ("Personal", &[("utsätts", false, "för hot och våld"), ("känner", false, "sig hotade och trakasserade")]),
        ],
        problems: &[("Hot och våld mot medarbetare", "förekommer"), ("Otillåten påverkan", "förekommer")],
        places: &["inom socialtjänsten", "inom ekonomiskt bistånd", "i receptionen", "inom barn och unga"],
        conditions: &["i samband med myndighetsutövning", "vid hembesök", "vid ensamarbete", "vid avslag på ansökan", "på kvällar och helger"],
        units: &["mottagningen", "enheten"],
    },
    // Myndighetsutövning inom socialtjänsten.
    Domain {
        weight: 14,
        goal: G_STOD,
        contexts: &[
            ("Handläggning av ekonomiskt bistånd", "Ansökningar utreds skyndsamt och beslut fattas enligt riktlinjerna."),
            ("Utredning av barn och unga", "Utredningar genomförs och slutförs inom lagstadgad tid."),
            ("Insatser för vuxna", "Insatser beviljas och följs upp utifrån den enskildes behov."),
        ],
        objects: &[
            ("genomförandeplaner", &[("upprättas", ""), ("följs", "upp"), ("uppdateras", "")]),
            ("utredningar", &[("slutförs", "inom fyra månader"), ("dokumenteras", "")]),
            ("orosanmälningar", &[("hanteras", "skyndsamt"), ("registreras", "")]),
            ("beslut om bistånd", &[("verkställs", "i tid"), ("dokumenteras", "")]),
            ("dokumentationen", &[("förs", "löpande"), ("är", "tillräckligt omfattande")]),
            ("beslut som ska anmälas", &[("anmäls", "till nämnden")]),
            ("lex Sarah-rapporter", &[("utreds", ""), ("hanteras", "skyndsamt")]),
        ],
        areas: &[
            "dokumentationen av insatser",
            "handläggningen av ärenden",
            "samverkan med hälso- och sjukvården",
            "informationsöverföringen mellan enheter",
            "uppföljningen av placeringar",
            "rättssäkerheten i handläggningen",
        ],
        acts: &[
            ("Utbetalning av ekonomiskt bistånd", "sker", &["fullständigt underlag", "kontroll av inkomster"], &["på felaktiga grunder"]),
            ("Placering av barn", "sker", &["utredning", "beslut av nämnden"], &["utan aktuell utredning"]),
        ],
        whos: &[
            (
                "Den enskilde",
                &[
                    ("får", true, "insatser utifrån behov"),
                    ("får", true, "en aktuell genomförandeplan"),
                    ("får", true, "beslut i tid"),
                    ("får", false, "bristande kontinuitet i insatserna"),
                ],
            ),
            ("Barn i behov av stöd", &[("nås", true, "av stödet"), ("får", true, "stöd i tid")]),
            ("Placerade barn", &[("får", true, "den vård de behöver"), ("följs", true, "upp i tid")]),
        ],
        problems: &[("Felaktiga utbetalningar av ekonomiskt bistånd", "görs"), ("Missförhållanden", "förekommer"), ("Felaktiga beslut", "fattas")],
        places: &["inom ekonomiskt bistånd", "inom barn och unga", "inom socialpsykiatrin", "inom vuxenenheten", "på mottagningsenheten"],
        conditions: &["vid överlämning mellan handläggare", "vid sjukfrånvaro", "vid många nya ärenden"],
        units: &["enheten", "gruppen"],
    },
    // Äldreomsorg.
    Domain {
        weight: 10,
        goal: G_ALDRE,
        contexts: &[("Hemtjänst", "Insatser utförs enligt genomförandeplan av kontaktman."), ("Vård- och omsorgsboende", "Boende får vård och omsorg utifrån individuella behov.")],
        objects: &[
            ("genomförandeplaner", &[("upprättas", ""), ("följs", "upp")]),
            ("kontaktmannaskapet", &[("fungerar", "")]),
            ("avvikelser", &[("rapporteras", ""), ("åtgärdas", "")]),
            ("läkemedelshanteringen", &[("sker", "säkert")]),
            ("delegeringar av hälso- och sjukvårdsinsatser", &[("följs", "upp"), ("förnyas", "i tid")]),
            ("nyckelhanteringen", &[("följer", "rutinerna")]),
        ],
        areas: &["kontinuiteten inom hemtjänsten", "läkemedelshanteringen", "samverkan med hälso- och sjukvården", "dokumentationen av insatser", "nyckelhanteringen"],
        acts: &[],
        whos: &[
            (
                "Brukare",
                &[
                    ("utsätts", false, "för risker på grund av bristande kompetens"),
                    ("får", true, "insatser enligt beslut"),
                    ("får", true, "sina behov tillgodosedda"),
                    ("möter", false, "många olika medarbetare"),
                ],
            ),
            ("Äldre", &[("får", true, "hjälp i tid"), ("utsätts", false, "för fallolyckor")]),
            ("Boende", &[("får", true, "sina behov tillgodosedda"), ("utsätts", false, "för vanvård")]),
        ],
        problems: &[("Fallolyckor", "inträffar"), ("Läkemedelsavvikelser", "inträffar"), ("Missade besök", "förekommer")],
        places: &["inom hemtjänsten", "på vård- och omsorgsboendena", "inom dagverksamheten", "på korttidsboendet"],
        conditions: &["på kvällar och helger", "vid användning av timanställda", "vid övergång från sjukhus"],
        units: &["äldreboendet", "hemtjänstgruppen"],
    },
    // Förskola.
    Domain {
        weight: 9,
        goal: G_BARN,
        contexts: &[("Förskoleverksamhet", "Utbildningen i förskolan bedrivs enligt läroplanen."), ("Barnomsorgsgaranti och placering", "Placering erbjuds inom garantitiden.")],
        objects: &[
            ("läroplanen", &[("följs", "")]),
            ("barnomsorgsgarantin", &[("uppfylls", "")]),
            ("rutinerna för tillsyn", &[("följs", "")]),
            ("planen mot kränkande behandling", &[("följs", ""), ("uppdateras", "")]),
            ("avgifterna", &[("debiteras", "korrekt")]),
            ("placeringar", &[("görs", "i tid")]),
        ],
        areas: &["tillsynen av barnen", "det systematiska kvalitetsarbetet", "placeringen av barn", "avgiftshanteringen", "arbetet med barn i behov av särskilt stöd"],
        acts: &[],
        whos: &[
            ("Barn", &[("utsätts", false, "för kränkande behandling"), ("utsätts", false, "för olyckor"), ("utmanas", true, "i sin utveckling")]),
            ("Barn i behov av särskilt stöd", &[("får", true, "det stöd de behöver"), ("får", true, "stöd i tid")]),
            ("Vårdnadshavare", &[("får", true, "plats inom garantitiden"), ("får", true, "information i tid")]),
        ],
        problems: &[("Tillbud och olyckor", "inträffar"), ("Kränkningar", "förekommer")],
        places: &["i förskolan", "i barngrupperna", "på förskolegården", "vid utflykter"],
        conditions: &["vid hög frånvaro bland personalen", "vid lämning och hämtning", "under sommaren", "vid användning av vikarier"],
        units: &["förskolan"],
    },
    // Parker och lokaler.
    Domain {
        weight: 6,
        goal: G_MILJO,
        contexts: &[("Drift och underhåll av parker", "Entreprenör utför parkskötsel enligt avtal."), ("Lokalförsörjning", "Förvaltningens lokaler planeras utifrån verksamhetens behov.")],
        objects: &[
            ("beställda åtgärder", &[("genomförs", "")]),
            ("besiktningar", &[("genomförs", "")]),
            ("entreprenadavtalet", &[("följs", "")]),
            ("underhållsplanen", &[("följs", "")]),
            ("felanmälningar", &[("åtgärdas", "i tid")]),
        ],
        areas: &["drift och underhåll av parker", "lokalförsörjningen", "parkskötseln och renhållningen", "uppföljningen av entreprenörer"],
        acts: &[],
        whos: &[],
        problems: &[("Dyra akuta underhållsåtgärder", "uppstår"), ("Skador på egendom", "uppstår"), ("Outnyttjade lokaler", "bekostas")],
        places: &["i parkerna", "på lekplatserna", "i förvaltningens lokaler"],
        conditions: &["vid vinterväghållning", "vid vandalisering"],
        units: &["parken", "lekplatsen", "fastigheten"],
    },
    // Krisberedskap.
    Domain {
        weight: 4,
        goal: G_BEREDSKAP,
        contexts: &[("Krisberedskap", "Förvaltningens krisledningsplan tas fram, underhålls och övas.")],
        objects: &[
            ("krisledningsplanen", &[("är", "aktuell"), ("övas", ""), ("följs", "")]),
            ("kontinuitetsplanerna", &[("är", "aktuella"), ("uppdateras", "")]),
            ("lägesbilden", &[("är", "aktuell")]),
        ],
        areas: &["krisberedskapen", "kontinuitetsplaneringen", "samverkan med lokalpolisen"],
        acts: &[],
        whos: &[],
        problems: &[("Störningar i verksamheten", "uppstår"), ("Felaktig lägesbild", "uppstår")],
        places: &["inom förvaltningen", "i verksamheterna"],
        conditions: &["vid en kris", "vid ett längre strömavbrott", "vid ett it-avbrott", "vid hög sjukfrånvaro"],
        units: &["enheten"],
    },
    // Styrning och intern kontroll.
    Domain {
        weight: 7,
        goal: G_SKATT,
        contexts: &[
            ("Intern styrning och kontroll", "Internkontrollplanen följs upp i samband med verksamhetsberättelsen."),
            ("Delegation och beslut", "Beslut fattas enligt nämndens delegationsordning."),
        ],
        objects: &[
            ("delegationsordningen", &[("följs", "")]),
            ("beslut enligt delegation", &[("anmäls", "till nämnden")]),
            ("internkontrollen", &[("genomförs", ""), ("dokumenteras", "")]),
            ("nämndens beslut", &[("verkställs", "")]),
            ("riktlinjer och rutiner", &[("följs", "")]),
            ("synpunkter och klagomål", &[("hanteras", ""), ("följs", "upp")]),
        ],
        areas: &["den interna kontrollen", "uppföljningen av verksamhetens mål", "hanteringen av synpunkter och klagomål", "diarieföringen"],
        acts: &[("Beslut", "fattas", &["stöd i delegationsordningen", "dokumentation"], &["av ej behörig person"])],
        whos: &[],
        problems: &[("Oegentligheter", "uppstår"), ("Fusk", "förekommer"), ("Jäv", "förekommer")],
        places: &["inom förvaltningen", "inom avdelningarna"],
        conditions: &["vid brådskande ärenden"],
        units: &["enheten"],
    },
];
