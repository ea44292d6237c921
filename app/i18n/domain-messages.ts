import {
  END_ACCESS_NOT_ALLOWED,
  LAST_SIGNATORY_LEAVING,
  lastSignatoryLeavingMessage,
  NOT_A_MEMBER,
} from "../domain/accounts/organisation-messages.ts";
import { MONTHS_NL } from "../domain/time/local-date.ts";
import { ATTACHMENT_MESSAGES_EN } from "./attachment-messages.ts";
import { DRAFT_DELETE_MESSAGES_EN } from "./draft-delete-messages.ts";
import { EXTENSION_MESSAGES_EN } from "./extension-messages.ts";
import { FINANCE_MESSAGES_EN } from "./finance-messages.ts";
import { INTERIM_MESSAGES_EN } from "./interim-messages.ts";
import type { Language } from "./resources.ts";
import { STAFF_MESSAGES_EN } from "./staff-messages.ts";
import { UNDERSPENDING_MESSAGES_EN } from "./underspending-messages.ts";

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
/** Messages of the form schemas (the wizard's steps and the staff's forms); a test raises each one. */
const FORM_MESSAGES: Record<string, string> = {
  // ── shared field messages of the wizard's steps (app/domain/plan/steps/common.ts) ───────────
  // requiredText / money: "Vul {label} in."; requiredText / optionalText: "{Label} mag hoogstens …".
  "Vul de titel van het plan in.": "Enter the title of the plan.",
  "De titel van het plan mag hoogstens {max} tekens hebben.":
    "The title of the plan may have at most {max} characters.",
  "De samenvatting mag hoogstens {max} tekens hebben.": "The summary may have at most {max} characters.",
  "Vul de naam van de hoofdaanvrager in.": "Enter the name of the lead applicant.",
  "De naam van de hoofdaanvrager mag hoogstens {max} tekens hebben.":
    "The name of the lead applicant may have at most {max} characters.",
  "Vul het adres van de hoofdaanvrager in.": "Enter the address of the lead applicant.",
  "Het adres van de hoofdaanvrager mag hoogstens {max} tekens hebben.":
    "The address of the lead applicant may have at most {max} characters.",
  "Vul de naam van de contactpersoon in.": "Enter the name of the contact person.",
  "De naam van de contactpersoon mag hoogstens {max} tekens hebben.":
    "The name of the contact person may have at most {max} characters.",
  "Vul de naam van de organisatie in.": "Enter the name of the organisation.",
  "De naam van de organisatie mag hoogstens {max} tekens hebben.":
    "The name of the organisation may have at most {max} characters.",
  "Vul de tekst over de acute knelpunten op de arbeidsmarkt in.":
    "Describe the acute bottlenecks in the labour market.",
  "De tekst over de acute knelpunten op de arbeidsmarkt mag hoogstens {max} tekens hebben.":
    "The acute bottlenecks in the labour market may have at most {max} characters.",
  "Vul de tekst over de verwachte knelpunten in de komende vijf jaar in.":
    "Describe the bottlenecks expected over the next five years.",
  "De tekst over de verwachte knelpunten in de komende vijf jaar mag hoogstens {max} tekens hebben.":
    "The bottlenecks expected over the next five years may have at most {max} characters.",
  "Vul de tekst over de doelgroepen in.": "Describe the target groups.",
  "De tekst over de doelgroepen mag hoogstens {max} tekens hebben.":
    "The target groups may have at most {max} characters.",
  "Vul de tekst over de doelen en meetbare resultaten in.": "Describe the goals and measurable results.",
  "De tekst over de doelen en meetbare resultaten mag hoogstens {max} tekens hebben.":
    "The goals and measurable results may have at most {max} characters.",
  "Vul de tekst over de organisatie en planning in.": "Describe the organisation and timeline.",
  "De tekst over de organisatie en planning mag hoogstens {max} tekens hebben.":
    "The organisation and timeline may have at most {max} characters.",
  "Vul de tekst over de voortzetting na de subsidie in.":
    "Describe how the structural measures continue after the grant.",
  "De tekst over de voortzetting na de subsidie mag hoogstens {max} tekens hebben.":
    "How the structural measures continue after the grant may have at most {max} characters.",
  "Vul de titel van de maatregel in.": "Enter the title of the measure.",
  "De titel van de maatregel mag hoogstens {max} tekens hebben.":
    "The title of the measure may have at most {max} characters.",
  "Vul de beschrijving van de maatregel in.": "Enter the description of the measure.",
  "De beschrijving van de maatregel mag hoogstens {max} tekens hebben.":
    "The description of the measure may have at most {max} characters.",
  "De voorwaarden mag hoogstens {max} tekens hebben.": "The conditions may have at most {max} characters.",
  "Vul de uitvoerende partij in.": "Enter the executing party.",
  "De uitvoerende partij mag hoogstens {max} tekens hebben.":
    "The executing party may have at most {max} characters.",
  "De toelichting op de andere bronnen mag hoogstens {max} tekens hebben.":
    "The explanation of the other sources may have at most {max} characters.",
  "Vul het bedrag van het eigen vermogen of de garantie in.":
    "Enter the amount of the equity or the guarantee.",
  "Bij het bedrag van het eigen vermogen of de garantie staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The amount of the equity or the guarantee is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Vul de kosten in.": "Enter the costs.",
  "Bij de kosten staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The costs are not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Bij de kosten per deelnemer staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The cost per participant is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Vul de gevraagde subsidie in.": "Enter the requested grant.",
  "Bij de gevraagde subsidie staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The requested grant is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Vul de eigen bijdrage in.": "Enter the own contribution.",
  "Bij de eigen bijdrage staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The own contribution is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Vul de andere bronnen in.": "Enter the other sources.",
  "Bij de andere bronnen staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The other sources are not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Vul het e-mailadres van de contactpersoon in.": "Enter the e-mail address of the contact person.",
  "Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.":
    "Enter a valid e-mail address, for example name@organisation.nl.",

  // ── step 1, lead applicant and plan (steps/lead.ts) ─────────────────────────────────────────
  "Vul een geldige begindatum in.": "Enter a valid start date.",
  "Vul een geldige einddatum in.": "Enter a valid end date.",
  "Het KvK-nummer bestaat uit 8 cijfers.": "The Chamber of Commerce (KvK) number has 8 digits.",
  "Kies de rechtsvorm van de hoofdaanvrager.": "Choose the legal form of the lead applicant.",
  "Dit IBAN klopt niet: controleer het rekeningnummer (het controlegetal past niet).":
    "This IBAN is not right: check the account number (the check digits do not fit).",
  "Kies of de hoofdaanvrager eigen vermogen toont of het samenwerkingsverband garant staat.":
    "Choose whether the lead applicant shows equity or the partnership gives a guarantee.",
  "Kies of het plan sectoren of arbeidsmarktregio's beslaat.":
    "Choose whether the plan covers sectors or labour-market regions.",
  "Vul het aantal werknemers in de sector of regio in als heel getal (ten minste 1).":
    "Enter the number of employees in the sector or region as a whole number (at least 1).",
  "Kies ten minste één sector uit de lijst.": "Choose at least one sector from the list.",
  "Kies ten minste één arbeidsmarktregio uit de lijst.":
    "Choose at least one labour-market region from the list.",
  "De einddatum ligt vóór de begindatum.": "The end date is before the start date.",
  "Het plan kan niet eerder beginnen dan {date}.": "The plan cannot start before {date}.",
  "Het plan moet uiterlijk op {date} eindigen.": "The plan must end on {date} at the latest.",
  "Een plan duurt hoogstens {months} maanden: met deze begindatum eindigt het uiterlijk op {date}.":
    "A plan lasts at most {months} months: starting on this date, it ends on {date} at the latest.",
  "De regeling is op {date} gepubliceerd: het plan kan pas de dag daarna beginnen.":
    "The regulation was published on {date}: the plan can start on the day after at the earliest.",
  "Voor {year} heeft de regeling geen budget: het plan kan niet in {year} beginnen.":
    "The regulation has no budget for {year}: the plan cannot start in {year}.",
  "Voor {years} heeft de regeling geen budget: het plan moet uiterlijk op {date} eindigen.":
    "The regulation has no budget for {years}: the plan must end on {date} at the latest.",

  // ── step 2, partnership (steps/partnership.ts) ──────────────────────────────────────────────
  "Kies het soort organisatie.": "Choose the kind of organisation.",
  "Het samenwerkingsverband heeft ten minste één werkgeversorganisatie.":
    "The partnership has at least one employers' organisation.",
  "Het samenwerkingsverband heeft ten minste één werknemersorganisatie.":
    "The partnership has at least one employees' organisation.",
  "Voeg hoogstens {max} organisaties toe.": "Add at most {max} organisations.",

  // ── step 4, measures (steps/measures.ts) ────────────────────────────────────────────────────
  "Kies een thema uit de lijst.": "Choose a theme from the list.",
  "Vul het aantal deelnemers in als heel getal (ten minste 1).":
    "Enter the number of participants as a whole number (at least 1).",
  "Voeg ten minste één maatregel toe.": "Add at least one measure.",
  "Voeg hoogstens {max} maatregelen toe.": "Add at most {max} measures.",
  "De maatregelen moeten samen ten minste {count} verschillende thema's dekken.":
    "Together the measures must cover at least {count} different themes.",
  "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de kosten per jaar.":
    "First enter a valid period in step 1; this form then asks for the costs per year.",
  "Vul de kosten in voor elk kalenderjaar van de looptijd.":
    "Enter the costs for each calendar year of the period.",
  // Before the next key, whose pattern would match it too (the first match wins).
  "In de categorie {label} zijn de kosten hoogstens {share} van de loonkosten: {participants} deelnemers × {per} is {most}, maar de kosten van deze maatregel zijn samen {total}.":
    "In the category {label} the costs are at most {share} of the wage costs: {participants} participants × {per} is {most}, but the costs of this measure total {total}.",
  "{participants} deelnemers × {cost} is {expected}, maar de kosten van deze maatregel zijn samen {total}.":
    "{participants} participants × {cost} is {expected}, but the costs of this measure total {total}.",
  // A measure's category with a rate of its own (plan/cofinancing.ts; 2013 regulation art. 4.2–4.4).
  'De categorie "{code}" bestaat niet (meer) in deze regeling; kies een categorie uit de lijst of "Geen".':
    'The category "{code}" does not exist (any more) in this regulation; choose a category from the list or "None".',
  "Vul de loonkosten per deelnemer over 12 maanden in: de categorie {label} vraagt erom.":
    "Enter the wage costs per participant over 12 months: the category {label} asks for them.",
  "Bij de loonkosten per deelnemer staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The wage costs per participant are not a valid amount. Write them as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  // Art. 4.4 lid 2 or 3 (steps/measures.ts HIRING_GROUNDS).
  "Kies waarom de indienstneming in aanmerking komt: nettogroei van het aantal banen, of een vacature die niet door afvloeiing is ontstaan. De categorie {label} vraagt erom.":
    "Choose why the hiring qualifies: a net increase in the number of jobs, or a vacancy that did not arise from redundancies. The category {label} asks for it.",

  // ── step 5, budget and co-financing (steps/budget.ts) ───────────────────────────────────────
  "Verklaar dat voor dezelfde kosten geen andere subsidie (zoals ESF) is of wordt aangevraagd.":
    "Declare that no other grant (such as ESF) has been or will be requested for the same costs.",
  "Vul eerst in stap 1 een geldige looptijd in; dan vraagt dit formulier de bedragen per jaar.":
    "First enter a valid period in step 1; this form then asks for the amounts per year.",
  "Vul de bedragen in voor elk kalenderjaar van de looptijd.":
    "Enter the amounts for each calendar year of the period.",
  "De gevraagde subsidie voor {year} is hoger dan {rate}% van de kosten in dat jaar (hoogstens {max}).":
    "The requested grant for {year} is more than {rate}% of the costs in that year (at most {max}).",
  "Subsidie, eigen bijdrage en andere bronnen zijn voor {year} samen {sources}; dat moet gelijk zijn aan de kosten van {costs}.":
    "Grant, own contribution and other sources for {year} total {sources}; that must equal the costs of {costs}.",
  "De subsidie wordt over de jaren verdeeld naar verhouding van de kosten per jaar: van de gevraagde {total} hoort bij {year} {share}.":
    "The grant is split over the years in proportion to each year's costs: of the {total} requested, {share} belongs to {year}.",
  "De gevraagde subsidie voor {year} is hoger dan de cofinanciering van de maatregelen in dat jaar, elk tegen het percentage van haar categorie of anders {rate} (hoogstens {max}).":
    "The requested grant for {year} is more than the co-financing of that year's measures, each at the rate of its category or else {rate} (at most {max}).",
  "De subsidie wordt over de jaren verdeeld naar verhouding van de gecofinancierde kosten per jaar (de kosten van elke maatregel maal haar percentage): van de gevraagde {total} hoort bij {year} {share}.":
    "The grant is split over the years in proportion to each year's co-financed costs (the costs of each measure times its rate): of the {total} requested, {share} belongs to {year}.",
  "De gevraagde subsidie is samen {total}; het minimum is {minimum}.":
    "The requested grant totals {total}; the minimum is {minimum}.",
  "Noem de andere bronnen van financiering.": "Name the other sources of funding.",

  // ── step 6 and 7, attachments and declarations (steps/declarations.ts, steps/wizard.ts) ─────
  "Voeg de ondertekende samenwerkingsovereenkomst toe.": "Add the signed partnership agreement.",
  "Het eigen vermogen of de garantie moet ten minste {rate}% van de gevraagde subsidie zijn: {amount}.":
    "The equity or the guarantee must be at least {rate}% of the requested grant: {amount}.",
  "De bedragen per jaar (stap 4 en 5) zijn niet alle heropend en gelden voor het kalenderjaar {year}. Kies een looptijd in dezelfde kalenderjaren, of vraag de behandelaar om ook die stappen te heropenen.":
    "The amounts per year (steps 4 and 5) are not all reopened and apply to the calendar year {year}. Choose a period in the same calendar years, or ask the case handler to reopen those steps too.",
  "De bedragen per jaar (stap 4 en 5) zijn niet alle heropend en gelden voor de kalenderjaren {years}. Kies een looptijd in dezelfde kalenderjaren, of vraag de behandelaar om ook die stappen te heropenen.":
    "The amounts per year (steps 4 and 5) are not all reopened and apply to the calendar years {years}. Choose a period in the same calendar years, or ask the case handler to reopen those steps too.",
  "De begroting (stap 5) is niet heropend en past niet meer bij deze kosten: houd de kosten per kalenderjaar (en per percentage) zoals ze waren, of vraag de behandelaar om ook stap 5 te heropenen.":
    "The budget (step 5) is not reopened and no longer fits these costs: keep the costs per calendar year (and per rate) as they were, or ask the case handler to reopen step 5 too.",
  "Het eigen vermogen of de garantie uit stap 1 ({security}) moet ten minste {rate}% van de gevraagde subsidie zijn; vraag samen hoogstens {most}.":
    "The equity or the guarantee of step 1 ({security}) must be at least {rate}% of the requested grant; request at most {most} in total.",
  "Verklaar dat u het formulier naar waarheid heeft ingevuld.":
    "Declare that you have filled in the form truthfully.",
  "Verklaar dat u de regels voor de-minimissteun en staatssteun heeft gelezen en nageleefd.":
    "Declare that you have read and complied with the rules on de minimis aid and state aid.",

  // ── staff forms on a plan (app/domain/plan/plan-form.ts) ────────────────────────────────────
  "Kies een advies.": "Choose an advice.",
  "Scoor elk criterium.": "Score every criterion.",
  "Geef een score van 1 tot 5.": "Give a score from 1 to 5.",
  "Motiveer de score.": "Give the reasoning for the score.",
  "Schrijf de motivering van het advies.": "Write the reasoning of the advice.",
  "Het advies mag hoogstens {max} tekens hebben.": "The advice may have at most {max} characters.",
  "Vul het geadviseerde bedrag in.": "Enter the advised amount.",
  "Bij het geadviseerde bedrag staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The advised amount is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
  "Bij een advies tot afwijzen is het bedrag € 0,00.": "With an advice to reject, the amount is € 0,00.",
  "Bij gedeeltelijk verlenen is het bedrag meer dan € 0,00; anders adviseert u afwijzen.":
    "With a grant in part the amount is more than € 0,00; otherwise advise to reject.",
  "Kies verlenen, gedeeltelijk verlenen of afwijzen.": "Choose grant, grant in part or reject.",
  "Kies de grond van de afwijzing.": "Choose the ground of the rejection.",
  "Schrijf de motivering van het besluit.": "Write the reasoning of the decision.",
  "De motivering mag hoogstens {max} tekens hebben.": "The reasoning may have at most {max} characters.",
  "Vul het te verlenen bedrag in.": "Enter the amount to grant.",
  "Bij het te verlenen bedrag staat geen geldig bedrag. Schrijf het als 250.000,00: niet negatief, hoogstens twee decimalen en niet meer dan € 1 miljard.":
    "The amount to grant is not a valid amount. Write it as 250.000,00: not negative, at most two decimals and not more than € 1 billion.",
};

const ENGLISH: Record<string, string> = {
  "Kies een grond uit de lijst.": "Choose a ground from the list.",
  "Het bedrag voor {year} is hoger dan de cofinancieringspercentages van de regeling toestaan (hoogstens {most}). Adviseer gedeeltelijk verlenen voor ten hoogste dat bedrag.":
    "The amount for {year} is higher than the regulation's co-financing rates allow (at most {most}). Advise a grant in part for at most that amount.",
  "Er is nog {most} over voor dit plan; u verleent {total}. Wegens het subsidieplafond wordt alleen afgewezen wat niet meer past (artikel 4:25, tweede lid, Awb): verleen wat er over is.":
    "{most} is still left for this plan; you grant {total}. On the ground of the subsidy ceiling only what no longer fits is refused (article 4:25, second paragraph, Awb): grant what is left.",
  "Voor dit plan is budget gereserveerd binnen het subsidieplafond: het plafond is voor dit plan niet bereikt. Kies een andere grond.":
    "Budget is reserved for this plan within the subsidy ceiling: for this plan the ceiling is not reached. Choose another ground.",
  ...FORM_MESSAGES,
  ...ATTACHMENT_MESSAGES_EN,
  ...FINANCE_MESSAGES_EN,
  ...STAFF_MESSAGES_EN,
  ...EXTENSION_MESSAGES_EN,
  ...DRAFT_DELETE_MESSAGES_EN,
  ...INTERIM_MESSAGES_EN,
  ...UNDERSPENDING_MESSAGES_EN,
  // the account holder's name of an IBAN change (payments/iban.server.ts, HOLDER_NOT_SEPA)
  "De naam van de rekeninghouder heeft geen letters die een SEPA-betaling kan dragen; schrijf hem in Latijnse letters, zoals bij de bank.":
    "The name of the account holder has no letters a SEPA payment can carry; write it in Latin letters, as your bank has it.",
  // ── text PostgreSQL refuses (a NUL character), any page (server/invalid-text.ts) ────────────
  "Uw invoer bevat een teken dat het portaal niet kan verwerken: een NUL-teken (in een adres geschreven als %00), meestal meegekopieerd uit een ander programma. Ga terug, haal het teken weg (typ de tekst zo nodig opnieuw) en probeer het nog eens.":
    "Your input contains a character the portal cannot process: a NUL character (written as %00 in an address), usually copied along from another program. Go back, remove the character (retype the text if need be) and try again.",
  // ── the applicant's plan page: withdrawal, start of execution, messages (routes/aanvrager) ──
  "Alleen een tekenbevoegde van uw organisatie mag de aanvraag intrekken.":
    "Only an authorised signatory of your organisation may withdraw the application.",
  "Alleen een tekenbevoegde van uw organisatie mag de vaststelling aanvragen.":
    "Only an authorised signatory of your organisation may request the final settlement.",
  "Alleen een tekenbevoegde van uw organisatie mag de start van de uitvoering melden.":
    "Only an authorised signatory of your organisation may report the start of execution.",
  "U heeft dit plan op {moment} al ter ondertekening aangeboden; de tekenbevoegden hebben toen bericht gekregen. Na een wijziging van het plan kunt u het opnieuw aanbieden, anders een uur na het vorige verzoek.":
    "You already sent this plan for sign-off on {moment}; the signatories were notified then. You can send it again once the plan has changed, or else one hour after the previous request.",
  "Dit plan is ingediend en wacht niet op een aanvulling.":
    "This plan has been submitted and is not awaiting a supplement.",
  "Gebruik voor de reden ten hoogste {max} tekens.": "Use at most {max} characters for the reason.",
  "Vul de startdatum in als dag, maand en jaar, bijvoorbeeld 1-3-2027.":
    "Enter the start date as day, month and year, for example 1-3-2027.",
  "Vul een geldige datum in, bijvoorbeeld 1-3-2027.": "Enter a valid date, for example 1-3-2027.",
  "De startdatum kan niet in de toekomst liggen.": "The start date cannot be in the future.",
  "De uitvoering kan niet vóór het besluit van {date} zijn begonnen.":
    "The execution cannot have started before the decision of {date}.",
  "De uitvoering moest uiterlijk {date} beginnen, binnen {months} maanden na de verlening (artikel 5.2 van de regeling). Een latere start kunt u hier niet melden; neem contact op met uw behandelaar.":
    "The execution had to start by {date}, within {months} months of the grant (article 5.2 of the regulation). A later start cannot be reported here; please contact your case handler.",
  "Schrijf een bericht.": "Write a message.",
  "Een bericht is hooguit {max} tekens.": "A message has at most {max} characters.",
  // ── the supplement request and its answer (app/domain/plan/supplement*.ts, drafts.server.ts) ──
  "Deze stap is niet heropend: alleen de stappen uit het verzoek om aanvulling kunnen worden gewijzigd.":
    "This step has not been reopened: only the steps named in the request for a supplement can be changed.",
  "Kies ten minste één stap die de aanvrager weer kan wijzigen.":
    "Choose at least one step the applicant may change again.",
  "Vul de hersteltermijn in als heel aantal dagen (1 tot 90).":
    "Enter the term for the supplement as a whole number of days (1 to 90).",
  "Vul de aanvulling die u vraagt in.": "Enter the supplement you ask for.",
  "De aanvulling die u vraagt mag hoogstens {max} tekens hebben.":
    "The supplement you ask for may have at most {max} characters.",
  "Kies een stap uit de lijst.": "Choose a step from the list.",
  "Het plan is nog niet compleet. Hieronder staat per stap wat nog ontbreekt of niet klopt.":
    "The plan is not complete yet. Below, per step, is what is missing or wrong.",
  "Het formulier is niet volledig verstuurd. Probeer het opnieuw.":
    "The form was not sent completely. Please try again.",
  "Aanvulling ontvangen": "Supplement received",
  // ── the account forms: sign-up, invitation, forgotten and new password (domain/accounts/) ──
  // validation.ts; "Vul de naam van de organisatie in." and the e-mail format message are above.
  "Vul de straat en het huisnummer in.": "Enter the street and house number.",
  "Vul de plaats in.": "Enter the town or city.",
  "Vul uw naam in.": "Enter your name.",
  "De naam van de organisatie mag hooguit {max} tekens lang zijn.":
    "The name of the organisation may be at most {max} characters long.",
  "De straat en het huisnummer mag hooguit {max} tekens lang zijn.":
    "The street and house number may be at most {max} characters long.",
  "De plaats mag hooguit {max} tekens lang zijn.": "The town or city may be at most {max} characters long.",
  "Uw naam mag hooguit {max} tekens lang zijn.": "Your name may be at most {max} characters long.",
  "Vul een e-mailadres in.": "Enter an e-mail address.",
  "Dit e-mailadres is te lang.": "This e-mail address is too long.",
  "Kies een wachtwoord van minstens {min} tekens.": "Choose a password of at least {min} characters.",
  "Een wachtwoord mag hooguit {max} tekens lang zijn.": "A password may be at most {max} characters long.",
  "Herhaal het wachtwoord.": "Repeat the password.",
  "Vul het wachtwoord van uw account in.": "Enter the password of your account.",
  "Vul het wachtwoord in dat u bij de aanmelding heeft gekozen.":
    "Enter the password you chose when you registered.",
  "De wachtwoorden zijn niet gelijk.": "The passwords do not match.",
  "Vul het KvK-nummer in: precies 8 cijfers, bijvoorbeeld 41150019.":
    "Enter the Chamber of Commerce (KvK) number: exactly 8 digits, for example 41150019.",
  "Het KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 41150019.":
    "The Chamber of Commerce (KvK) number has exactly 8 digits, for example 41150019.",
  "Kies de rechtsvorm van de organisatie.": "Choose the legal form of the organisation.",
  "Vul een postcode in als 1234 AB.": "Enter a postcode like 1234 AB.",
  "Vul het IBAN van de organisatie in.": "Enter the IBAN of the organisation.",
  "Dit IBAN klopt niet. Controleer het nummer (het controlegetal past niet).":
    "This IBAN is not right. Check the number (the check digits do not fit).",
  // signup.server.ts
  "Deze organisatie (dit KvK-nummer) heeft al een account. Vraag een collega om u uit te nodigen.":
    "This organisation (this KvK number) already has an account. Ask a colleague to invite you.",
  "Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.":
    "There already is an account with this e-mail address. Log in or request a new password.",
  "Deze organisatie (dit KvK-nummer) heeft inmiddels een account. Vraag een collega om u uit te nodigen.":
    "This organisation (this KvK number) has meanwhile got an account. Ask a colleague to invite you.",
  "Er bestaat inmiddels een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.":
    "There is meanwhile an account with this e-mail address. Log in or request a new password.",
  // signup.server.ts (SIGN_UP_GONE)
  "Deze bevestigingslink is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt, of meld uw organisatie opnieuw aan.":
    "This confirmation link is unknown. Check that you used the whole link from the e-mail, or register your organisation again.",
  "Deze bevestigingslink is verlopen (hij is {hours} uur geldig). Meld uw organisatie opnieuw aan.":
    "This confirmation link has expired (it is valid for {hours} hours). Register your organisation again.",
  "Deze aanmelding is al bevestigd. Log in met het e-mailadres en wachtwoord dat u toen heeft gekozen.":
    "This registration has already been confirmed. Log in with the e-mail address and password you chose then.",
  // password-reset.server.ts (RESET_GONE)
  "Deze link is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt, of vraag een nieuwe aan.":
    "This link is unknown. Check that you used the whole link from the e-mail, or request a new one.",
  "Deze link is verlopen. Vraag een nieuwe link aan; die is een uur geldig.":
    "This link has expired. Request a new link; it is valid for one hour.",
  "Deze link is al gebruikt. Vraag een nieuwe link aan als u uw wachtwoord opnieuw wilt wijzigen.":
    "This link has already been used. Request a new link if you want to change your password again.",
  // organisation.server.ts (INVITATION_GONE)
  "Deze uitnodigingslink is onbekend. Controleer of u de hele link uit de e-mail heeft gebruikt.":
    "This invitation link is unknown. Check that you used the whole link from the e-mail.",
  "Deze uitnodiging is verlopen (een uitnodiging is {days} dagen geldig). Vraag uw collega om u opnieuw uit te nodigen.":
    "This invitation has expired (an invitation is valid for {days} days). Ask your colleague to invite you again.",
  "Deze uitnodiging is al gebruikt. Log in met het e-mailadres en wachtwoord dat u toen heeft gekozen.":
    "This invitation has already been used. Log in with the e-mail address and password you chose then.",
  "Deze uitnodiging is ingetrokken. Vraag een collega bij de organisatie om u opnieuw uit te nodigen.":
    "This invitation has been withdrawn. Ask a colleague at the organisation to invite you again.",
  // organisation.server.ts: inviting a colleague, signatories; sign-off.server.ts
  "Deze persoon heeft al een account bij uw organisatie.":
    "This person already has an account with your organisation.",
  "Alleen een tekenbevoegde of wie de uitnodiging stuurde, kan een uitnodiging intrekken.":
    "Only a signatory or whoever sent the invitation can withdraw it.",
  "Deze uitnodiging staat niet meer open: ze is al aangenomen, verlopen of ingetrokken.":
    "This invitation is no longer open: it has been accepted, has expired or was withdrawn.",
  "Deze uitnodiging bestaat niet of hoort niet bij uw organisatie.":
    "This invitation does not exist or does not belong to your organisation.",
  "Een organisatie houdt minstens één tekenbevoegde.": "An organisation keeps at least one signatory.",
  "Alleen een tekenbevoegde kan tekenbevoegdheid toekennen of intrekken.":
    "Only a signatory can grant or withdraw signing authority.",
  "Deze gebruiker hoort niet bij uw organisatie.": "This user does not belong to your organisation.",
  "Dit account is uitgeschakeld en kan niet tekenbevoegd worden; vraag de beheerder het weer in te schakelen.":
    "This account is deactivated and cannot become a signatory; ask the administrator to activate it again.",
  // organisation.server.ts endMembership ("Toegang beëindigen")
  [END_ACCESS_NOT_ALLOWED]:
    "Only a signatory can end a colleague's access; you can end your own access yourself.",
  [NOT_A_MEMBER]:
    "This person no longer has access to your organisation; a colleague may just have ended it.",
  [lastSignatoryLeavingMessage("{name}")]:
    "You are the last active signatory of {name}, and that organisation has an application in " +
    "progress. Without a signatory nobody there can send a supplement, withdraw the application, " +
    "request settlement or an extension, or name a new signatory. First make a colleague " +
    "signatory; then you can end your access.",
  [LAST_SIGNATORY_LEAVING]:
    "You are the last active signatory of your organisation, and without a signatory nobody there " +
    "can submit a plan or name a new signatory. First make a colleague signatory; then you can end " +
    "your access.",
  "Uw organisatie heeft geen tekenbevoegde; neem contact op met de helpdesk.":
    "Your organisation has no signatory; contact the helpdesk.",
  // The legal forms of the sign-up form (validation.ts LEGAL_FORMS): Dutch law's terms, with a gloss.
  Stichting: "Stichting (foundation)",
  Vereniging: "Vereniging (association)",
  Coöperatie: "Coöperatie (cooperative)",
  "Besloten vennootschap (bv)": "Besloten vennootschap (bv, private limited company)",
  "Naamloze vennootschap (nv)": "Naamloze vennootschap (nv, public limited company)",
  "Publiekrechtelijke rechtspersoon": "Publiekrechtelijke rechtspersoon (public-law legal entity)",
  // ── domain errors on the applicant's path ──────────────────────────────────────────────────
  "Niet gevonden.": "Not found.",
  "U heeft geen toegang tot deze handeling.": "You are not allowed to do this.",
  "Dit plan bestaat niet of u heeft er geen toegang toe.":
    "This plan does not exist or you do not have access to it.",
  "Alleen een aanvrager van een organisatie kan een plan beginnen.":
    "Only an applicant of an organisation can start a plan.",
  "Kies voor welke organisatie u het plan begint.": "Choose the organisation you are starting the plan for.",
  "U kunt alleen een plan beginnen voor een organisatie waarvan u aanvrager bent.":
    "You can only start a plan for an organisation you are an applicant of.",
  "Voor deze regeling is op dit moment geen aanvraagtijdvak open.":
    "No application window of this regulation is open at the moment.",
  "Er is op dit moment geen aanvraagtijdvak open; u kunt nog geen plan beginnen.":
    "No application window is open at the moment; you cannot start a plan yet.",
  "Alleen de aanvragende organisatie kan dit plan wijzigen.":
    "Only the applying organisation can change this plan.",
  "Dit plan is ingediend en kan niet meer worden gewijzigd.":
    "This plan has been submitted and can no longer be changed.",
  // step 1 held to the organisation that applies, at submission (steps/lead.ts leadOrganisationIssues)
  "Het KvK-nummer van de hoofdaanvrager moet dat van uw organisatie zijn ({kvk}): de beschikking wordt aan uw organisatie gericht. Is een andere rechtspersoon hoofdaanvrager, dan vraagt die zelf een account aan.":
    "The lead applicant's Chamber of Commerce (KvK) number must be that of your organisation ({kvk}): the decision is addressed to your organisation. If another legal entity is the lead applicant, it applies for an account of its own.",
  "Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn ({iban}): alleen daarop wordt de subsidie betaald. Een andere rekening geeft u op bij de gegevens van uw organisatie; Financiën controleert die eerst.":
    "The lead applicant's IBAN must be your organisation's account ({iban}): the subsidy is paid into that account only. You give another account in your organisation's details; Finance checks it first.",
  "Het IBAN van de hoofdaanvrager moet de rekening zijn die uw organisatie heeft opgegeven ({iban}): alleen daarop wordt de subsidie betaald, zodra Financiën die heeft goedgekeurd.":
    "The lead applicant's IBAN must be the account your organisation gave ({iban}): the subsidy is paid into that account only, once Finance has approved it.",
  "Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn ({iban}) of de nieuwe rekening die u heeft opgegeven ({requested}): de subsidie wordt betaald op de rekening die Financiën goedkeurt.":
    "The lead applicant's IBAN must be your organisation's account ({iban}) or the new account you gave ({requested}): the subsidy is paid into the account Finance approves.",
  "Het plan is nog niet compleet: {message}": "The plan is not complete yet: {message}",
  "vul alle stappen in.": "fill in every step.",
  "Het aanvraagtijdvak is gesloten; indienen is niet meer mogelijk.":
    "The application window has closed; the plan can no longer be submitted.",
  "Het plan is intussen gewijzigd door iemand anders. Laad de pagina opnieuw en bekijk de nieuwe stand.":
    "Someone else has changed the plan in the meantime. Reload the page to see the current version.",
  "Deze handeling past niet bij de huidige status van het plan.":
    "This action does not fit the plan's current status.",
  "Uw rol mag deze handeling niet uitvoeren.": "Your role is not allowed to do this.",
  "De pagina die u zoekt bestaat niet.": "The page you are looking for does not exist.",
  // The applicant's organisation (domain/accounts/organisation.server.ts), a notification
  // (domain/notifications/inbox.server.ts), a download that is not there or not theirs (routes
  // documenten*.tsx), a verlenging's input without a message of its own (domain/extension).
  "U hoort bij geen organisatie.": "You do not belong to an organisation.",
  "Deze organisatie bestaat niet of u heeft er geen toegang toe.":
    "This organisation does not exist or you do not have access to it.",
  "Deze melding bestaat niet.": "This notification does not exist.",
  "Document niet gevonden.": "Document not found.",
  "Controleer de invoer.": "Check what you entered.",

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
  "Ingetrokken door de aanvrager": "Withdrawn by the applicant",
  "Ingetrokken door de minister": "Revoked by the minister",
  "In uitvoering": "In progress",
  "Vaststelling aangevraagd": "Final settlement requested",
  Vastgesteld: "Settled",
  "Concept aangemaakt": "Draft created",
  "Aanvraag ingediend": "Application submitted",
  "Compleet verklaard; budget gereserveerd": "Declared complete; budget reserved",
  "Subsidie verleend": "Grant awarded",
  "Subsidie gedeeltelijk verleend": "Grant partially awarded",
  "Aanvraag afgewezen": "Application rejected",
  "Budget vrijgekomen; gereserveerd": "Budget released; reserved",
  "Reservering vervallen voor een eerder ontvangen plan; wacht op budget":
    "Reservation lapsed for a plan received earlier; waiting for budget",
  "Aanvraag ingetrokken": "Application withdrawn",
  "Start van de uitvoering gemeld": "Start of execution reported",
  "Verlening ingetrokken": "Grant revoked",
  "Subsidie vastgesteld": "Grant settled",

  // ── the regulation's themes and sectors (seeded data, prisma/seed/regulation-data.ts) ───────
  "Arbeidsinstroom en begeleiding van jongeren": "Intake and guidance of young people",
  "Behoud oudere vakkrachten": "Retaining older skilled workers",
  "Arbeidsinstroom van personen met afstand tot de arbeidsmarkt":
    "Intake of people at a distance from the labour market",
  "Mobiliteit en duurzame inzetbaarheid": "Mobility and sustainable employability",
  Scholing: "Training",
  "Indienstneming van kwetsbare werknemers (staatssteun)": "Hiring vulnerable workers (state aid)",
  // Its legal basis, as the wizard's wage-cost and net-job-growth texts cite it.
  "artikelen 4.4 en 5.1, tweede lid": "articles 4.4 and 5.1(2)",
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
  // The 2013 regulation's BBL category (art. 4.3 lid 4), and art. 4.4's grounds for hiring
  // kwetsbare werknemers as step 4 offers them (steps/measures.ts HIRING_GROUND_LABELS).
  "Beroepsbegeleidende leerweg (BBL): loonkosten van de eerste twee jaar":
    "Work-based vocational training (BBL): wage costs of the first two years",
  "artikel 4.3, vierde lid": "article 4.3(4)",
  "Nettogroei: de indienstneming leidt tot een netto toename van het aantal arbeidsjaareenheden (artikel 4.4, tweede lid)":
    "Net increase: the hiring leads to a net increase in the number of annual work units (article 4.4(2))",
  "Vacature ontstaan door ontslag op initiatief van de werknemer (artikel 4.4, derde lid)":
    "Vacancy arisen from resignation at the employee's own initiative (article 4.4(3))",
  "Vacature ontstaan door handicap (artikel 4.4, derde lid)":
    "Vacancy arisen from disability (article 4.4(3))",
  "Vacature ontstaan door ouderdomspensionering (artikel 4.4, derde lid)":
    "Vacancy arisen from retirement (article 4.4(3))",
  "Vacature ontstaan door vermindering van werktijd op initiatief van de werknemer (artikel 4.4, derde lid)":
    "Vacancy arisen from a reduction of working hours at the employee's own initiative (article 4.4(3))",
  "Vacature ontstaan door gewettigd ontslag om dringende redenen (artikel 4.4, derde lid)":
    "Vacancy arisen from lawful dismissal for an urgent reason (article 4.4(3))",

  // ── when a verlenging may be asked (art. 1.2a lid 2; extension/rules.ts extensionWindowRefusal) ──
  "Deze periode kan niet worden verlengd. Een verzoek om verlenging kan pas worden ingediend nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling), en een plan dat korter loopt dan 12 maanden heeft dat verslag niet (artikel 5.4, eerste lid).":
    "This period cannot be extended. A request for an extension can only be made after the interim progress report after month 12 has been submitted (article 1.2a(2) of the regulation), and a plan that runs for less than 12 months has no such report (article 5.4(1)).",
  "Deze periode kan niet worden verlengd. Een verzoek om verlenging kan pas worden ingediend nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling), en dat verslag kan pas worden ingediend na {date}, de laatste dag waarop een verzoek nog kan.":
    "This period cannot be extended. A request for an extension can only be made after the interim progress report after month 12 has been submitted (article 1.2a(2) of the regulation), and that report can only be submitted after {date}, the last day on which a request is still possible.",
  "Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling). Dat verslag kunt u indienen vanaf {date}.":
    "You can only request an extension after the interim progress report after month 12 has been submitted (article 1.2a(2) of the regulation). You can submit that report from {date}.",
  "Verlenging kunt u pas vragen nadat het tussentijds voortgangsverslag na de 12e maand is ingediend (artikel 1.2a, tweede lid, van de regeling). Dien dat verslag eerst in; daarna kunt u verlenging vragen tot en met {date}.":
    "You can only request an extension after the interim progress report after month 12 has been submitted (article 1.2a(2) of the regulation). Submit that report first; you can then request an extension up to and including {date}.",
  "Verlenging kan niet meer worden gevraagd: dat kon tot en met {date}, 24 maanden na de datum van de subsidiebeschikking (artikel 1.2a, tweede lid, van de regeling).":
    "An extension can no longer be requested: that was possible up to and including {date}, 24 months after the date of the grant decision (article 1.2a(2) of the regulation).",
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
/** The keys of the form schemas' messages, for the test that finds keys no schema raises any more. */
export const formMessageKeys: readonly string[] = Object.keys(FORM_MESSAGES);

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * A date the domain wrote the Dutch way (formatDateNl: "1 december 2026", with " om 14:05" for a
 * moment) as an English page writes dates (en-GB: "1 December 2026 at 14:05"). By hand, as
 * formatDateNl is, so server and browser agree. Anything else is carried over as it is.
 */
function englishDate(value: string): string {
  const m = /^(\d{1,2}) ([a-z]+) (\d{4})( om (\d{1,2}:\d{2}))?$/.exec(value);
  const month = m ? (MONTHS_NL as readonly string[]).indexOf(m[2] as string) : -1;
  if (!m || month < 0) return value;
  return `${m[1]} ${MONTHS_EN[month]} ${m[3]}${m[5] ? ` at ${m[5]}` : ""}`;
}

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
      // A nested message, and a label of the regulation's lists (a category's, in the wizard's
      // messages) as the form's own lists show it (dt): the English reader sees one name for it.
      if (name === "message") return translateDomainText(value, lng);
      if (name === "label") return exact.get(value) ?? value;
      if (name === "date" || name === "moment") return englishDate(value);
      return value;
    });
  }
  return text;
}

/** Whether `text` has an English rendering (tests use this to catch untranslated domain messages). */
export function hasEnglish(text: string): boolean {
  return translateDomainText(text, "en") !== text;
}
