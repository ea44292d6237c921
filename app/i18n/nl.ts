import { accountNl } from "./account-texts.ts";
import { attachmentsNl } from "./attachments-texts.ts";
import { draftDeleteNl } from "./draft-delete-texts.ts";
import { extensionNl } from "./extension-texts.ts";
import { ibanNl, openDataNl, realisationNl } from "./finance-texts.ts";
import { interimNl } from "./interim-texts.ts";
import { planPageNl } from "./plan-page-texts.ts";
import { underspendingNl } from "./underspending-texts.ts";
import { wizardNl } from "./wizard-texts.ts";
/**
 * Dutch, the portal's own language and the default. Every key here must exist in en.ts too
 * (tsc checks that through `Translation`, resources.test.ts checks it again at run time).
 * Texts that e2e specs assert are copied here verbatim: change them together.
 */
export const nl = {
  common: {
    portalName: "Sectorplanportaal",
    regulationName: "Regeling cofinanciering sectorplannen",
    pageTitle: "{{page}} — Sectorplanportaal",
    toHome: "Naar de startpagina",
    noTitle: "(nog geen titel)",
    yes: "Ja",
    no: "Nee",
    choose: "Maak een keuze",
  },
  layout: {
    skipLink: "Ga naar de inhoud",
    mainMenu: "Hoofdmenu",
    myPlans: "Mijn sectorplannen",
    organisation: "Organisatie",
    caseHandling: "Behandeling",
    workflow: "Werkproces",
    finance: "Financiën",
    admin: "Beheer",
    logout: "Uitloggen",
    login: "Inloggen",
    language: "Taal",
    switchTo: "English",
    switchToLang: "en",
    footerText:
      "Ministerie van Sociale Zaken en Werkgelegenheid — Regeling cofinanciering sectorplannen (2013)",
    footerLinks: "Over deze website",
    accessibility: "Toegankelijkheid",
    privacy: "Privacy",
    scrollableTable: "Tabel, scrolt horizontaal",
    scrollableNamedTable: "{{caption}} (tabel, scrolt horizontaal)",
  },
  bell: {
    label: "Meldingen",
    labelUnread: "Meldingen, {{count}} ongelezen",
  },
  errors: {
    notFoundTitle: "Pagina niet gevonden",
    notFoundText: "De pagina die u zoekt bestaat niet, of u heeft er geen toegang toe.",
    notFoundRoute: "De pagina die u zoekt bestaat niet.",
    forbiddenTitle: "Geen toegang",
    forbiddenText: "U heeft geen toegang tot deze pagina.",
    statusTitle: "Er ging iets mis ({{status}})",
    statusText: "Het verzoek kon niet worden verwerkt.",
    unexpectedTitle: "Er ging iets mis",
    unexpectedText:
      "Er is een onverwachte fout opgetreden. Probeer het later opnieuw. Blijft het probleem bestaan, neem dan contact op met de helpdesk.",
    badRequest: "Ongeldig verzoek.",
  },
  errorSummary: {
    heading_one: "Er is 1 fout gevonden",
    heading_other: "Er zijn {{count}} fouten gevonden",
  },
  home: {
    lead: "In het Sectorplanportaal vragen werkgevers en werknemers van een sector samen cofinanciering aan voor hun sectorplan, op grond van de Regeling cofinanciering sectorplannen (2013).",
    intro:
      "Het Rijk betaalt de helft van de kosten van maatregelen die mensen aan het werk houden: scholing, van werk naar werk, instroom van jongeren, behoud van vakkrachten en duurzame inzetbaarheid. Aanvragen worden behandeld in volgorde van ontvangst van de volledige aanvraag.",
    welcome: "Welkom, {{name}}",
    myPlans: "Mijn sectorplannen",
    completeness: "Volledigheid beoordelen",
    assess: "Plannen beoordelen en adviseren",
    decide: "Besluiten op plannen",
    extensions: "Verzoeken om verlenging",
    finance: "Budget en betalingen (financiën)",
    setup: "Regelingen, tijdvakken en budgetten",
    openData: "Open data: toegekende sectorplannen",
    loginLink: "Inloggen",
    loginRest: " om een sectorplan aan te vragen of te behandelen.",
  },
  login: {
    title: "Inloggen",
    intro: "Log in met het e-mailadres en wachtwoord van uw account bij het Sectorplanportaal.",
    email: "E-mailadres",
    password: "Wachtwoord",
    submit: "Inloggen",
    emailRequired: "Vul uw e-mailadres in.",
    emailInvalid: "Vul een geldig e-mailadres in.",
    passwordRequired: "Vul uw wachtwoord in.",
    passwordTooLong: "Dit wachtwoord is te lang.",
    wrong: "De combinatie van e-mailadres en wachtwoord is onjuist.",
    forgot: "Wachtwoord vergeten?",
    signUp: "Nog geen account? Meld uw organisatie aan",
    idleLoggedOut: "U bent uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in.",
    throttled: "Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw.",
    codeTitle: "Verificatiecode",
    codeIntro: "Vul de code van zes cijfers in die uw authenticator-app nu toont.",
    code: "Verificatiecode",
    codeHint: "Zes cijfers, bijvoorbeeld 123456. De code verandert elke 30 seconden.",
    codeRequired: "Vul de verificatiecode in.",
    codeInvalid: "Een verificatiecode bestaat uit zes cijfers.",
    codeWrong: "Deze verificatiecode is onjuist of verlopen. Vul de code in die uw app nu toont.",
    codeSubmit: "Verifiëren",
    codeExpired: "Uw inlogpoging is verlopen. Log opnieuw in.",
    codeNoApp: "Geen toegang tot uw app? Neem contact op met de beheerder van het portaal.",
    enrolTitle: "Tweestapsverificatie instellen",
    enrolIntro:
      "Medewerkers loggen in met een wachtwoord én een code uit een authenticator-app. Stel die nu eenmalig in.",
    enrolScan:
      "1. Scan deze QR-code met uw authenticator-app (bijvoorbeeld Microsoft Authenticator of FreeOTP).",
    enrolQrAlt: "QR-code om het portaal aan uw authenticator-app toe te voegen",
    enrolManual: "Kunt u niet scannen? Voer dan deze sleutel handmatig in (tijdgebaseerd, 6 cijfers):",
    enrolConfirm: "2. Vul de code in die de app nu toont, om te bevestigen dat het werkt.",
    enrolSubmit: "Instellen en inloggen",
  },
  idle: {
    title_one: "U wordt over {{count}} minuut uitgelogd",
    title_other: "U wordt over {{count}} minuten uitgelogd",
    text: "U heeft een tijd niets gedaan in het portaal. Wat u nog niet heeft opgeslagen, gaat dan verloren.",
    stay: "Ingelogd blijven",
  },
  dashboard: {
    title: "Mijn sectorplannen",
    newPlan: "Nieuw sectorplan",
    empty: "Uw organisatie heeft nog geen sectorplannen.",
    reference: "Kenmerk",
    planTitle: "Titel",
    organisation: "Organisatie",
    status: "Status",
    submitted: "Ingediend",
    nextDeadline: "Volgende termijn",
    letters: "Brieven",
    decisionTerm: "Besluit uiterlijk {{date}}",
    supplementTerm: "Aanvulling uiterlijk {{date}}",
    interimReportDue: "Tussentijds voortgangsverslag na maand {{months}} uiterlijk {{date}}",
    reportDue: "Realisatieverslag uiterlijk {{date}}",
    underspendingCheck:
      "Melding onderbesteding halfjaar {{n}} (als de kosten op of onder 75% bleven) uiterlijk {{date}}",
    daysLeft_one: "nog {{count}} dag",
    daysLeft_other: "nog {{count}} dagen",
    lastDay: "vandaag is de laatste dag",
    overdue: "termijn verstreken",
    none: "geen",
  },
  eligibility: {
    title: "Kunt u een sectorplan aanvragen?",
    intro: "Drie korte vragen voordat u begint. Zo weet u meteen of u nu een aanvraag kunt doen.",
    windowOpen:
      "Het aanvraagtijdvak {{window}} van de {{regulation}} is open. U kunt aanvragen tot en met {{date}}.",
    windowNext:
      "Er is nu geen aanvraagtijdvak open. Het tijdvak {{window}} opent op {{date}}; vanaf dan kunt u een sectorplan aanvragen.",
    windowNone:
      "Er is nu geen aanvraagtijdvak open en er is nog geen nieuw tijdvak bekendgemaakt. U kunt pas aanvragen als een tijdvak open is.",
    employersQuestion: "Zit er in uw samenwerkingsverband ten minste één werkgeversorganisatie?",
    employeesQuestion: "Zit er in uw samenwerkingsverband ten minste één werknemersorganisatie (vakbond)?",
    minimumQuestion: "Vraagt u ten minste {{minimum}} subsidie aan?",
    minimumQuestionUnknown: "Vraagt u ten minste het minimumbedrag van de regeling aan?",
    yes: "Ja",
    no: "Nee",
    start: "Sectorplan beginnen",
    back: "Terug naar mijn sectorplannen",
    notYetHeading: "U kunt nog geen sectorplan aanvragen",
    organisationQuestion: "Voor welke organisatie begint u het sectorplan?",
    chooseOrganisation: "Kies voor welke organisatie u het plan begint.",
    answerEmployers: "Geef aan of er een werkgeversorganisatie in uw samenwerkingsverband zit.",
    answerEmployees: "Geef aan of er een werknemersorganisatie in uw samenwerkingsverband zit.",
    answerMinimum: "Geef aan of u ten minste het minimumbedrag aanvraagt.",
    reason: {
      NO_WINDOW:
        "Er is nu geen aanvraagtijdvak open en er is nog geen nieuw tijdvak bekendgemaakt. U kunt pas aanvragen als een tijdvak open is.",
      WINDOW_NOT_YET_OPEN:
        "Er is nu geen aanvraagtijdvak open. Het tijdvak {{window}} opent op {{date}}; vanaf dan kunt u een sectorplan aanvragen.",
      NO_EMPLOYERS_ORGANISATION:
        "Een sectorplan wordt aangevraagd door een samenwerkingsverband met ten minste één werkgeversorganisatie. Betrek eerst een werkgeversorganisatie bij uw plan.",
      NO_EMPLOYEES_ORGANISATION:
        "Een sectorplan wordt aangevraagd door een samenwerkingsverband met ten minste één werknemersorganisatie. Betrek eerst een werknemersorganisatie bij uw plan.",
      BELOW_MINIMUM:
        "De regeling geeft subsidie vanaf {{minimum}}. Een kleinere aanvraag wordt niet in behandeling genomen.",
    },
  },
  charCount: {
    count: "{{length}} van {{max}} tekens",
    remaining_one: "U kunt nog {{count}} teken typen.",
    remaining_other: "U kunt nog {{count}} tekens typen.",
    over_one: "U heeft {{count}} teken te veel.",
    over_other: "U heeft {{count}} tekens te veel.",
  },
  plan: {
    title: "Sectorplan {{reference}}",
    fallbackTitle: "Sectorplan",
    submitted: "Uw sectorplan is ingediend. De behandelaar controleert nu of de aanvraag compleet is.",
    saved: "Het concept is opgeslagen.",
    signOffRequested:
      "Het concept is opgeslagen en de tekenbevoegden van uw organisatie hebben een bericht gekregen om het plan te controleren en in te dienen.",
  },
  planForm: {
    heading: "Uw sectorplan",
    title: "Titel van het plan",
    summary: "Samenvatting",
    summaryDescription: "Kort: het knelpunt in de sector en wat het plan eraan doet.",
    sector: "Sector",
    periodStart: "Begindatum",
    periodStartDescription: "Niet eerder dan {{date}}.",
    periodEnd: "Einddatum",
    periodEndDescription: "Hoogstens {{months}} maanden na de begindatum.",
    advances: "Ik vraag voorschotten aan",
    measures: "Maatregelen",
    measuresIntro:
      "Ten minste {{count}} verschillende thema's. Vul de kosten per kalenderjaar van de looptijd in",
    measuresIntroNoPeriod: " (eerst de looptijd invullen)",
    measure: "Maatregel {{number}}",
    theme: "Thema",
    measureTitle: "Titel van de maatregel",
    participants: "Aantal deelnemers",
    costsYear: "Kosten {{year}} (€)",
    removeMeasure: "Maatregel {{number}} verwijderen",
    addMeasure: "Maatregel toevoegen",
    requested: "Gevraagde subsidie per jaar",
    requestedIntro: "Hoogstens {{rate}}% van de kosten in elk jaar; samen ten minste het minimumbedrag.",
    periodFirst: "Vul eerst de looptijd in.",
    requestedYear: "Gevraagde subsidie {{year}} (€)",
    save: "Opslaan als concept",
    submit: "Indienen",
    signOff: "Ter ondertekening aanbieden",
    signOffHint:
      "Alleen een tekenbevoegde van uw organisatie kan het plan indienen. Bied het ter ondertekening aan: de tekenbevoegden krijgen een bericht.",
  },
  planSummary: {
    startedOn: "Gestart op {{date}}",
    checklist: "Checklist: {{passed}} van {{total}} punten in orde",
    agreementSigned: "ondertekening door alle partners bevestigd",
    reference: "Kenmerk",
    status: "Status",
    applicant: "Hoofdaanvrager",
    submitted: "Ingediend",
    completeReceived: "Volledig ontvangen",
    sector: "Sector",
    period: "Looptijd",
    periodValue: "{{start}} t/m {{end}}",
    advances: "Voorschotten gevraagd",
    measures: "Maatregelen",
    theme: "Thema",
    measure: "Maatregel",
    participants: "Deelnemers",
    costsYear: "Kosten {{year}}",
    requested: "Gevraagde subsidie",
    requestedCaption: "Gevraagd",
    year: "Jaar",
    total: "Totaal",
    advice: "Advies",
    advisedCaption: "Geadviseerd",
    decision: "Besluit",
    decisionOn: "{{outcome}} op {{date}}",
    grantedCaption: "Verleend",
    interimAudit:
      "Bij het tussentijds voortgangsverslag is een controleverklaring van een accountant vereist (artikel 5.4, vierde lid, van de regeling).",
    recommendation: {
      GRANT: "Verlenen",
      PARTIAL_GRANT: "Gedeeltelijk verlenen",
      REJECT: "Afwijzen",
    },
    outcome: {
      GRANTED: "Verleend",
      PARTIALLY_GRANTED: "Gedeeltelijk verleend",
      REJECTED: "Afgewezen",
    },
    letterPending: "De beschikking wordt aangemaakt; de bezwaartermijn begint zodra zij is verzonden.",
    announced: "Beschikking verzonden (bekendmaking)",
    objectionUntil: "Bezwaar maken kan tot en met",
    objectionWeeks: "({{weeks}} weken na de dag van verzending)",
    documents: "Brieven en documenten",
    noDocuments: "Er zijn nog geen brieven.",
    document: "Document",
    date: "Datum",
    file: "Bestand",
    download: "Download (PDF)",
    caseFile: "Download het hele dossier (zip)",
    caseFileRest: " — alle ingediende versies, brieven en het verloop, met hun SHA-256 in inhoud.txt.",
    versions: "Ingediende versies",
    version: "Versie",
    versionHidden: ": versie {{number}}",
    history: "Verloop",
    moment: "Moment",
    event: "Gebeurtenis",
    newStatus: "Nieuwe status",
    by: "Door",
  },
  notifications: {
    title: "Meldingen",
    empty: "U heeft geen meldingen.",
    allRead: "U heeft alle meldingen gelezen.",
    unread_one: "U heeft 1 ongelezen melding.",
    unread_other: "U heeft {{count}} ongelezen meldingen.",
    markAllRead: "Alles gelezen",
    listLabel: "Meldingen, nieuwste eerst",
    new: "Nieuw",
    read: " · gelezen",
    markRead: "Markeer als gelezen",
    markedRead: "De melding is als gelezen gemarkeerd.",
    markedAllRead_one: "1 melding is als gelezen gemarkeerd.",
    markedAllRead_other: "{{count}} meldingen zijn als gelezen gemarkeerd.",
  },
  accessibility: {
    title: "Toegankelijkheidsverklaring",
    lead: "Het Ministerie van Sociale Zaken en Werkgelegenheid wil dat iedereen het Sectorplanportaal kan gebruiken, ook mensen met een beperking. Deze verklaring gaat over het hele portaal, inclusief de pagina's voor aanvragers en behandelaars.",
    statusHeading: "Status",
    status:
      "Het portaal moet voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA, zoals de Europese norm EN 301 549 en het Besluit digitale toegankelijkheid overheid vragen. De status is: eerste maatregelen genomen. Een volledig onderzoek door een onafhankelijke partij is nog niet gedaan; dat staat gepland voordat het portaal in gebruik gaat.",
    testingHeading: "Hoe wij toegankelijkheid testen",
    testingAxe:
      "Bij elke wijziging controleert een geautomatiseerde test (axe) de belangrijkste pagina's: inloggen, het overzicht van sectorplannen, het aanvraagformulier, de meldingen, deze verklaringen en de pagina's van behandelaars, financiën en beheer, ook bij 320 pixels breed. Een wijziging met welke bevinding ook, hoe klein, wordt niet opgeleverd.",
    testingKeyboard:
      "De formulieren zijn met alleen het toetsenbord te bedienen; foutmeldingen staan bij het veld en in een samenvatting bovenaan die de focus krijgt. Een test controleert dat de pagina's bij 320 pixels breed (zoals 400% zoom) niet zijwaarts scrollen; een brede tabel scrolt dan binnen haar eigen kader, ook met de pijltjestoetsen.",
    testingDesign:
      "De pagina's zijn gebouwd met componenten van het NL Design System (Rijkshuisstijl Community).",
    limitsHeading: "Bekende beperkingen",
    limitPdf:
      "De brieven (beschikkingen en ontvangstbevestigingen) zijn PDF-bestanden zonder toegankelijke structuur (geen 'tagged PDF'). Wilt u een brief in een andere vorm, neem dan contact op.",
    limitAutomated:
      "Geautomatiseerde tests vinden niet alle problemen. Zo is het gebruik met schermlezers nog niet systematisch getest.",
    contactHeading: "Contact",
    contact:
      "Loopt u tegen een probleem aan, of heeft u een vraag over de toegankelijkheid? Mail naar toegankelijkheid@sectorplanportaal.example.nl. U krijgt binnen 5 werkdagen antwoord. Bent u niet tevreden met het antwoord, dan kunt u contact opnemen met de Nationale ombudsman.",
    dateHeading: "Datum",
    date: "Deze verklaring is opgesteld op 28 november 2026 en bijgewerkt op 30 november 2026. Zij wordt bij elke nieuwe versie van het portaal bijgewerkt.",
  },
  privacy: {
    title: "Privacyverklaring",
    lead: "Het Ministerie van Sociale Zaken en Werkgelegenheid is verwerkingsverantwoordelijke voor de persoonsgegevens in het Sectorplanportaal. Hier leest u welke gegevens wij verwerken, waarom, hoe lang en welke rechten u heeft.",
    dataHeading: "Welke persoonsgegevens",
    dataContacts:
      "Van contactpersonen van de hoofdaanvrager en van de partners in het samenwerkingsverband: naam en e-mailadres zoals die in de aanvraag staan.",
    dataUsers:
      "Van gebruikers van het portaal (aanvragers en medewerkers): naam, e-mailadres, rollen, of u tekenbevoegd bent, een versleutelde vorm van uw wachtwoord (nooit het wachtwoord zelf), uw sessies met het moment van laatste gebruik, uw meldingen en een logboek van wijzigingen in accounts en rollen. Van medewerkers ook de sleutel van de tweede inlogstap, de functie waarmee zij besluiten ondertekenen en tot wanneer zij afwezig zijn (verlof of ziekte), zodat hun aanvragen aan een collega kunnen worden overgedragen.",
    dataPlans:
      "In het dossier van een aanvraag staat wie wat heeft ingediend, beoordeeld en besloten, met datum en tijd. Daartoe horen ook de berichten tussen aanvrager en behandelaars, de interne notities van medewerkers (die de aanvrager niet ziet) en de verklaring van een adviseur of hij bij de aanvraag een belang heeft, met zijn toelichting.",
    dataMail:
      "Van elke e-mail die het portaal verstuurt: aan wie, het onderwerp en wanneer. Het e-mailadres dat iemand invult bij ‘wachtwoord vergeten’ of waarnaar een uitnodiging gaat, ook als er geen account bij hoort.",
    dataSecurity:
      "Het IP-adres van waaruit een inlogpoging mislukt of een e-mailadres wordt opgezocht (aanmelden, uitnodigen, wachtwoord vergeten), om misbruik te remmen, en een hash (een afgeleide code) van het e-mailadres waarmee dat gebeurt, niet het adres zelf.",
    purposeHeading: "Waarom",
    purposeAwb:
      "Wij gebruiken deze gegevens om aanvragen voor cofinanciering te behandelen en erop te beslissen volgens de Algemene wet bestuursrecht (titel 4.2, subsidies) en de Regeling cofinanciering sectorplannen. De grondslag is de vervulling van een taak van algemeen belang (artikel 6, eerste lid, onder e, AVG).",
    purposePublic:
      "Met een aanvraag stemt de hoofdaanvrager ermee in dat het subsidiedossier openbaar wordt gemaakt, met uitzondering van persoonsgegevens (artikel 2.3, zevende lid, van de regeling). Persoonsgegevens halen wij daarom uit wat openbaar wordt.",
    purposeSecurity:
      "Wij gebruiken sessie- en logboekgegevens om het portaal te beveiligen en om achteraf te kunnen nagaan wie een wijziging heeft gedaan.",
    retentionHeading: "Hoe lang",
    retentionDossier:
      "Het subsidiedossier, met de persoonsgegevens daarin (ook de berichten, notities en verklaringen van adviseurs), bewaren wij zolang de Archiefwet en de selectielijst van het ministerie dat voorschrijven. Dat geldt ook voor de gegevens van e-mails over een aanvraag: zij tonen aan dat en wanneer de aanvrager is geïnformeerd.",
    retentionSession:
      "Een sessie vervalt na 30 minuten zonder activiteit, en uiterlijk 8 uur na het inloggen. Vervallen sessies verwijderen wij elke nacht.",
    retentionLinks:
      "Een link om een wachtwoord opnieuw in te stellen werkt één keer en één uur lang (een link om een eerste wachtwoord te kiezen 72 uur), een uitnodiging 7 dagen. 30 dagen nadat een link of uitnodiging is gebruikt, verlopen of ingetrokken, verwijderen wij hem met het e-mailadres erin.",
    retentionSignUp:
      "Een aanmelding van een organisatie bewaren wij, met de gegevens uit het formulier en een versleutelde vorm van het wachtwoord (nooit het wachtwoord zelf), tot u haar bevestigt via de link in de e-mail; die link is 24 uur geldig. Bevestigt u niet, dan verwijderen wij de aanmelding in de nacht nadat de link is verlopen. Na de bevestiging bewaren wij bij de aanmelding alleen het e-mailadres, en verwijderen wij ook dat 30 dagen later.",
    retentionMail:
      "Een e-mailadres dat u invult bij ‘wachtwoord vergeten’ bewaren wij tot de e-mail is verstuurd of is gebleken dat er geen account bij hoort, en daarna nog 7 dagen, zodat een storing geen e-mail verloren laat gaan. Een opdracht voor een e-mail of brief die niet kon worden afgerond, verwijderen wij na 30 dagen.",
    retentionSecurity:
      "Zo’n IP-adres of hash telt 15 minuten mee. Bij ‘wachtwoord vergeten’ en bij het aanmelden van een organisatie telt de hash samen met het IP-adres een uur, en de hash alleen een dag (zo beperken wij hoe vaak één adres e-mail krijgt). Daarna verwijderen wij hem binnen een dag.",
    retentionAccount: "Een account dat niet meer nodig is, wordt gedeactiveerd.",
    rightsHeading: "Uw rechten",
    rights:
      "Op grond van de Algemene verordening gegevensbescherming (AVG) heeft u het recht op inzage, rectificatie, beperking van de verwerking en bezwaar. Omdat wij de gegevens verwerken voor een taak van algemeen belang, geldt het recht op verwijdering niet voor het subsidiedossier zolang het bewaard moet worden. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.",
    contactHeading: "Contact",
    contact:
      "Vragen of een verzoek over uw gegevens? Mail naar privacy@sectorplanportaal.example.nl. U kunt ook de functionaris gegevensbescherming van het ministerie bereiken via dat adres.",
    dateHeading: "Datum",
    date: "Deze verklaring is opgesteld op 28 november 2026 en bijgewerkt op 1 december 2026.",
  },

  wizard: wizardNl,
  attachments: attachmentsNl,
  realisation: realisationNl,
  interim: interimNl,
  underspending: underspendingNl,
  planPage: planPageNl,
  extension: extensionNl,
  draftDelete: draftDeleteNl,
  account: accountNl,
  iban: ibanNl,
  openData: openDataNl,
} as const;

/** The shape every language must have: the same keys, any strings. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Translation = Widen<typeof nl>;
