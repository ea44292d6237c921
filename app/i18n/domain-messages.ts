import type { Language } from "./resources.ts";

/**
 * English renderings of the texts the domain writes in Dutch: zod messages of the domain schemas,
 * DomainError messages, status/event labels and the regulation's theme and sector names.
 *
 * The domain stays Dutch and React-free (ADR 0008): its Dutch text IS the key. The UI translates
 * at render time with `translateDomainText(text, lng)`. A `{name}` in a key matches any text and
 * is carried over into the English; a placeholder named `{message}` is itself translated (for
 * messages that wrap another message). Unknown text falls back to the Dutch original, so a new
 * domain message shows up in Dutch rather than as a blank or a key.
 */
const ENGLISH: Record<string, string> = {
  // ── plan form schema (app/domain/plan/plan-form.ts) ─────────────────────────────────────────
  "Vul de kosten in.": "Enter the costs.",
  "Vul de gevraagde subsidie in.": "Enter the requested grant.",
  "De kosten is geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The costs are not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "De gevraagde subsidie is geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The requested grant is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Kies een thema uit de lijst.": "Choose a theme from the list.",
  "Vul de titel van de maatregel in.": "Enter the title of the measure.",
  "De titel van de maatregel mag hoogstens {max} tekens hebben.":
    "The title of the measure may have at most {max} characters.",
  "Vul het aantal deelnemers in als heel getal (ten minste 1).":
    "Enter the number of participants as a whole number (at least 1).",
  "Een maatregel heeft ten minste 1 deelnemer.": "A measure has at least 1 participant.",
  "Vul de titel van het plan in.": "Enter the title of the plan.",
  "De titel mag hoogstens {max} tekens hebben.": "The title may have at most {max} characters.",
  "De samenvatting mag hoogstens {max} tekens hebben.": "The summary may have at most {max} characters.",
  "Kies de sector waarvoor het plan is.": "Choose the sector the plan is for.",
  "Vul een geldige begindatum in.": "Enter a valid start date.",
  "Vul een geldige einddatum in.": "Enter a valid end date.",
  "Voeg ten minste één maatregel toe.": "Add at least one measure.",
  "De einddatum ligt vóór de begindatum.": "The end date is before the start date.",
  "Het plan kan niet eerder beginnen dan {date}.": "The plan cannot start before {date}.",
  "Het plan moet uiterlijk op {date} eindigen.": "The plan must end on {date} at the latest.",
  "Een plan duurt hoogstens {months} maanden.": "A plan lasts at most {months} months.",
  "De maatregelen moeten samen ten minste {count} verschillende thema's dekken.":
    "Together the measures must cover at least {count} different themes.",
  "Vul de kosten in voor elk kalenderjaar van de looptijd.":
    "Enter the costs for each calendar year of the period.",
  "Vul de gevraagde subsidie in voor elk kalenderjaar van de looptijd.":
    "Enter the requested grant for each calendar year of the period.",
  "De gevraagde subsidie voor {year} is hoger dan {rate}% van de kosten in dat jaar (hoogstens {max}).":
    "The requested grant for {year} is more than {rate}% of the costs in that year (at most {max}).",
  "De gevraagde subsidie is samen {total}; het minimum is {minimum}.":
    "The requested grant totals {total}; the minimum is {minimum}.",

  // ── domain errors on the applicant's path ──────────────────────────────────────────────────
  "Niet gevonden.": "Not found.",
  "U heeft geen toegang tot deze handeling.": "You are not allowed to do this.",
  "Dit plan bestaat niet of u heeft er geen toegang toe.":
    "This plan does not exist or you do not have access to it.",
  "Alleen een aanvrager van een organisatie kan een plan beginnen.":
    "Only an applicant of an organisation can start a plan.",
  "Voor deze regeling is op dit moment geen aanvraagtijdvak open.":
    "No application window of this regulation is open at the moment.",
  "Er is op dit moment geen aanvraagtijdvak open; u kunt nog geen plan beginnen.":
    "No application window is open at the moment; you cannot start a plan yet.",
  "Alleen de aanvragende organisatie kan dit plan wijzigen.":
    "Only the applying organisation can change this plan.",
  "Dit plan is ingediend en kan niet meer worden gewijzigd.":
    "This plan has been submitted and can no longer be changed.",
  "Het plan is nog niet compleet: {message}": "The plan is not complete yet: {message}",
  "vul alle velden in.": "fill in every field.",
  "Het aanvraagtijdvak is gesloten; indienen is niet meer mogelijk.":
    "The application window has closed; the plan can no longer be submitted.",
  "Het plan is intussen gewijzigd door iemand anders. Laad de pagina opnieuw en bekijk de nieuwe stand.":
    "Someone else has changed the plan in the meantime. Reload the page to see the current version.",
  "Deze handeling past niet bij de huidige status van het plan.":
    "This action does not fit the plan's current status.",
  "Uw rol mag deze handeling niet uitvoeren.": "Your role is not allowed to do this.",
  "De pagina die u zoekt bestaat niet.": "The page you are looking for does not exist.",

  // ── statuses and events (app/domain/workflow/labels.ts) ─────────────────────────────────────
  Concept: "Draft",
  Ingediend: "Submitted",
  "Aanvulling gevraagd": "Supplement requested",
  "Buiten behandeling gesteld": "Not considered",
  "In beoordeling": "In assessment",
  "Wacht op budget": "Waiting for budget",
  "Advies uitgebracht": "Advice given",
  Verleend: "Granted",
  "Gedeeltelijk verleend": "Partially granted",
  Afgewezen: "Rejected",
  Ingetrokken: "Withdrawn",
  "In uitvoering": "In progress",
  "Vaststelling aangevraagd": "Final settlement requested",
  Vastgesteld: "Settled",
  "Concept aangemaakt": "Draft created",
  "Aanvraag ingediend": "Application submitted",
  "Compleet verklaard; budget gereserveerd": "Declared complete; budget reserved",
  "Subsidie verleend": "Grant awarded",
  "Subsidie gedeeltelijk verleend": "Grant partially awarded",
  "Aanvraag afgewezen": "Application rejected",

  // ── the regulation's themes and sectors (seeded data, prisma/seed/regulation-data.ts) ───────
  "Arbeidsinstroom en begeleiding van jongeren": "Intake and guidance of young people",
  "Behoud oudere vakkrachten": "Retaining older skilled workers",
  "Arbeidsinstroom van personen met afstand tot de arbeidsmarkt":
    "Intake of people at a distance from the labour market",
  "Mobiliteit en duurzame inzetbaarheid": "Mobility and sustainable employability",
  Scholing: "Training",
  "Van-werk-naar-werk (sectoraal en intersectoraal)": "Job-to-job transitions (within and between sectors)",
  "Goed werkgeverschap en goed werknemerschap": "Good employership and good employeeship",
  "Landbouw, bosbouw, visserij en delfstoffenwinning": "Agriculture, forestry, fishing, mining and quarrying",
  Procesindustrie: "Process industry",
  "Metalektro en metaalnijverheid": "Metal and electrical engineering, metalworking",
  "Overige industrie, energievoorziening, waterbedrijven en afvalbeheer":
    "Other manufacturing, energy supply, water supply and waste management",
  "Bouwnijverheid en bouwinstallatie": "Construction and building installation",
  "Handel in en reparatie van auto's, motorfietsen en aanhangers":
    "Trade in and repair of cars, motorcycles and trailers",
  "Groothandel en handelsbemiddeling, excl. auto's en motorfietsen":
    "Wholesale and trade intermediation, excluding cars and motorcycles",
  "Detailhandel, niet in auto's en motorfietsen": "Retail trade, except cars and motorcycles",
  "Vervoer en opslag": "Transport and storage",
  "Horeca, catering en verblijfsrecreatie": "Hospitality, catering and holiday accommodation",
  "Informatie en communicatie": "Information and communication",
  "Financiële dienstverlening": "Financial services",
  "Arbeidsbemiddeling, uitzendbureaus en personeelsbeheer":
    "Employment placement, temporary employment agencies and personnel management",
  "Facility management, reiniging en landschapsverzorging": "Facility management, cleaning and landscaping",
  "Overig verhuur en overige zakelijke diensten": "Other rental and other business services",
  "Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen":
    "Public administration, government services and compulsory social security",
  Onderwijs: "Education",
  Zorg: "Health care",
  Welzijn: "Social work and welfare",
  "Cultuur, sport en recreatie": "Culture, sport and recreation",
  "Overige dienstverlening, huishoudens en extraterritoriale organisaties":
    "Other services, households and extraterritorial organisations",
};

type Pattern = { regex: RegExp; names: string[]; english: string };

const exact = new Map<string, string>();
const patterns: Pattern[] = [];
for (const [dutch, english] of Object.entries(ENGLISH)) {
  const names = [...dutch.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (names.length === 0) {
    exact.set(dutch, english);
    continue;
  }
  const source = dutch
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("(.+?)");
  patterns.push({ regex: new RegExp(`^${source}$`, "s"), names, english });
}

/** The Dutch keys, for tests that check every domain message has an English rendering. */
export const domainTextKeys: readonly string[] = Object.keys(ENGLISH);

/** `text` in `lng`: English when known, otherwise the Dutch text unchanged. */
export function translateDomainText(text: string, lng: Language | string | undefined): string {
  if (lng !== "en" || !text) return text;
  const hit = exact.get(text);
  if (hit !== undefined) return hit;
  for (const p of patterns) {
    const m = p.regex.exec(text);
    if (!m) continue;
    const values = new Map(p.names.map((name, i) => [name, m[i + 1] ?? ""]));
    return p.english.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values.get(name) ?? "";
      return name === "message" ? translateDomainText(value, lng) : value;
    });
  }
  return text;
}

/** Whether `text` has an English rendering (tests use this to catch untranslated domain messages). */
export function hasEnglish(text: string): boolean {
  return translateDomainText(text, "en") !== text;
}
