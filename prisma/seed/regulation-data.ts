/**
 * The real scheme's lists, from the Regeling cofinanciering sectorplannen (BWBR0033761) as it
 * stood after the 2014–2015 amendments (domain-facts.md §1–§10): themes of art. 3.1, the
 * refusal grounds of art. 2.5 as assessment criteria, bijlage 1 (35 arbeidsmarktregio's) and
 * bijlage 3 (21 sectors), and the overhead tiers of art. 5.6.
 */

export const THEMES = [
  { code: "jongeren", label: "Arbeidsinstroom en begeleiding van jongeren" },
  { code: "oudere-vakkrachten", label: "Behoud oudere vakkrachten" },
  { code: "afstand-arbeidsmarkt", label: "Arbeidsinstroom van personen met afstand tot de arbeidsmarkt" },
  { code: "mobiliteit-inzetbaarheid", label: "Mobiliteit en duurzame inzetbaarheid" },
  { code: "scholing", label: "Scholing" },
  { code: "van-werk-naar-werk", label: "Van-werk-naar-werk (sectoraal en intersectoraal)" },
  { code: "goed-werkgeverschap", label: "Goed werkgeverschap en goed werknemerschap" },
];

export const SECTORS = [
  "Landbouw, bosbouw, visserij en delfstoffenwinning",
  "Procesindustrie",
  "Metalektro en metaalnijverheid",
  "Overige industrie, energievoorziening, waterbedrijven en afvalbeheer",
  "Bouwnijverheid en bouwinstallatie",
  "Handel in en reparatie van auto's, motorfietsen en aanhangers",
  "Groothandel en handelsbemiddeling, excl. auto's en motorfietsen",
  "Detailhandel, niet in auto's en motorfietsen",
  "Vervoer en opslag",
  "Horeca, catering en verblijfsrecreatie",
  "Informatie en communicatie",
  "Financiële dienstverlening",
  "Arbeidsbemiddeling, uitzendbureaus en personeelsbeheer",
  "Facility management, reiniging en landschapsverzorging",
  "Overig verhuur en overige zakelijke diensten",
  "Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen",
  "Onderwijs",
  "Zorg",
  "Welzijn",
  "Cultuur, sport en recreatie",
  "Overige dienstverlening, huishoudens en extraterritoriale organisaties",
].map((label, i) => ({ code: String(i + 1), label }));

export const REGIONS = [
  "Achterhoek",
  "Drechtsteden",
  "Drenthe",
  "Flevoland",
  "Food Valley",
  "Friesland",
  "Gooi- en Vechtstreek",
  "Gorinchem",
  "Groningen",
  "Groot-Amsterdam",
  "Haaglanden",
  "Helmond-De Peel",
  "Holland Rijnland",
  "IJsselvechtstreek",
  "Midden-Brabant",
  "Midden-Gelderland",
  "Midden-Holland",
  "Midden-Limburg",
  "Midden-Utrecht",
  "Noord-Holland Noord",
  "Noord-Limburg",
  "Noordoost-Brabant",
  "Oost-Utrecht",
  "Rijnmond",
  "Rivierenland",
  "Stedendriehoek",
  "Twente",
  "West-Brabant",
  "Zaanstreek/Waterland",
  "Zeeland",
  "Zuid-Holland Centraal",
  "Zuid-Gelderland",
  "Zuid-Kennemerland",
  "Zuid-Limburg",
  "Zuidoost-Brabant",
].map((label) => ({ code: label.toLowerCase().replace(/[^a-z]+/g, "-"), label }));

/**
 * Art. 2.5's grounds for refusal, turned round into what an adviser scores; equal weights. `refusal`
 * is the ground as a refusal states it (domain-facts §6).
 */
export const CRITERIA = [
  {
    code: "analyse",
    label: "De arbeidsmarktanalyse is toereikend",
    refusal: "De arbeidsmarktanalyse is ontoereikend",
    weight: 1,
  },
  {
    code: "aansluiting",
    label: "De maatregelen sluiten aan op de analyse",
    refusal: "De maatregelen sluiten niet aan op de analyse",
    weight: 1,
  },
  {
    code: "effectiviteit",
    label: "Effectiviteit en efficiëntie zijn aannemelijk gemaakt",
    refusal: "De effectiviteit of de efficiëntie van de maatregelen is niet aannemelijk gemaakt",
    weight: 1,
  },
  {
    code: "meetbaarheid",
    label: "De resultaten zijn objectief meetbaar",
    refusal: "De beoogde resultaten zijn niet objectief meetbaar",
    weight: 1,
  },
  {
    code: "kosten",
    label: "De kosten zijn onderbouwd en redelijk",
    refusal: "De kosten zijn niet onderbouwd of niet redelijk",
    weight: 1,
  },
  {
    code: "noodzaak",
    label: "De noodzaak van cofinanciering is aangetoond",
    refusal: "De noodzaak van cofinanciering is niet aangetoond",
    weight: 1,
  },
  {
    code: "structureel",
    label: "Structurele maatregelen lopen door na de subsidie",
    refusal: "Niet is aangegeven hoe de structurele maatregelen na de subsidie worden bekostigd",
    weight: 1,
  },
  {
    code: "verhouding",
    label: "Het bedrag staat in verhouding tot het samenwerkingsverband",
    refusal: "Het bedrag staat niet in verhouding tot de omvang van het samenwerkingsverband",
    weight: 1,
  },
  {
    code: "eigen-bijdrage",
    label: "De eigen financiering is voldoende zeker",
    refusal: "Er is onvoldoende zekerheid over de eigen financiering",
    weight: 1,
  },
];

/**
 * What an adviser writes per criterion in the demo: one line for a criterion met (score 3 or
 * more) and one for a criterion not met, so an advice reads as nine findings, not one sentence
 * nine times.
 */
const MOTIVATIONS: Record<string, [met: string, notMet: string]> = {
  analyse: [
    "De analyse onderbouwt de knelpunten met cijfers van UWV en het sectorfonds en kijkt vijf jaar vooruit.",
    "De analyse beschrijft de huidige knelpunten, maar onderbouwt de verwachting voor de komende vijf jaar niet.",
  ],
  aansluiting: [
    "Elke maatregel richt zich op een knelpunt uit de analyse.",
    "Een deel van de maatregelen is niet terug te voeren op de knelpunten uit de analyse.",
  ],
  effectiviteit: [
    "De aanpak bouwt voort op beproefde trajecten; de kosten per deelnemer liggen in lijn met vergelijkbare plannen.",
    "Niet aannemelijk is gemaakt dat de maatregelen het beoogde effect hebben; de kosten per deelnemer liggen hoog.",
  ],
  meetbaarheid: [
    "De resultaten zijn uitgedrukt in aantallen deelnemers, diploma's en plaatsingen.",
    "De resultaten zijn in algemene termen beschreven en niet te meten.",
  ],
  kosten: [
    "De begroting is per maatregel en per jaar onderbouwd; de tarieven zijn marktconform.",
    "De begroting noemt bedragen per maatregel zonder onderbouwing.",
  ],
  noodzaak: [
    "Het financieringsplan laat zien dat het sectorfonds de maatregelen niet alleen kan dragen.",
    "Het financieringsplan laat niet zien waarom de sector de maatregelen niet zelf kan betalen.",
  ],
  structureel: [
    "De structurele maatregelen worden na de looptijd uit het opleidingsfonds betaald.",
    "Niet is aangegeven hoe de structurele maatregelen na de subsidie worden betaald.",
  ],
  verhouding: [
    "Het gevraagde bedrag past bij de omvang van de sector en van het samenwerkingsverband.",
    "Het gevraagde bedrag is groot in verhouding tot het samenwerkingsverband.",
  ],
  "eigen-bijdrage": [
    "De eigen bijdrage is vastgelegd in een besluit van het bestuur van het sectorfonds.",
    "De eigen bijdrage is nog niet door alle partners toegezegd.",
  ],
};

/** The demo adviser's scores: every criterion at `score`, each with its own motivation. */
export function demoScores(score: number): { criterion: string; score: number; motivation: string }[] {
  return CRITERIA.map((c) => {
    const [met, notMet] = MOTIVATIONS[c.code] ?? ["Voldoet.", "Voldoet niet."];
    return { criterion: c.code, score, motivation: score >= 3 ? met : notMet };
  });
}

/** Art. 5.6 lid 4 as amended (2015-01-12 snapshot): 15% to € 1M, 7% to € 10M, 1% above. */
export const OVERHEAD_TIERS = [
  { uptoCents: "100000000", rateBp: 1500 },
  { uptoCents: "1000000000", rateBp: 700 },
  { uptoCents: null, rateBp: 100 },
];

/**
 * The 2013 regulation's categories with a rate of their own (ADR 0024):
 * - hiring kwetsbare werknemers (art. 4.2–4.4, 5.1 lid 2): 100% of at most 20% of 12 months' wage
 *   costs, with net job growth (art. 4.4 lid 2) or into a vacancy not left by afvloeiing (lid 3);
 *   `requiresNetJobGrowth` asks the applicant which of the two;
 * - a BBL (art. 4.3 lid 4, "in afwijking van ... artikel 5.1, eerste lid"): 20%, not the regulation's
 *   50%, of the wage costs over the trainee's first two years. The gross wage in them is capped at
 *   the trainee's wettelijk minimumloon, and a BBL may run to 36 months after the beschikking (lid
 *   5): neither is modelled (the portal asks no wage per participant for it), see ADR 0024.
 * The other chapter-4 measures (advice, general training) are co-financed at the regulation's 50%.
 */
export const MEASURE_CATEGORIES = [
  {
    code: "kwetsbare-werknemers",
    label: "Indienstneming van kwetsbare werknemers (staatssteun)",
    rateBp: 10_000,
    maxShareOfWageCostsBp: 2000,
    requiresNetJobGrowth: true,
    legalBasis: "artikelen 4.4 en 5.1, tweede lid",
  },
  {
    code: "bbl",
    label: "Beroepsbegeleidende leerweg (BBL): loonkosten van de eerste twee jaar",
    rateBp: 2000,
    maxShareOfWageCostsBp: null,
    requiresNetJobGrowth: false,
    legalBasis: "artikel 4.3, vierde lid",
  },
];

export const SZW = {
  objectionAuthority: "de Minister van Sociale Zaken en Werkgelegenheid",
  objectionAddress: "Ministerie van Sociale Zaken en Werkgelegenheid, Postbus 90801, 2509 LV Den Haag",
};
