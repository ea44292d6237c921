import { index, prefix, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  // The second factor for staff (ADR 0013): the code after the password, or enrolment the first time.
  route("tweestapsverificatie", "routes/account/tweestapsverificatie.tsx"),
  route("tweestapsverificatie-instellen", "routes/account/tweestapsverificatie-instellen.tsx"),
  route("logout", "routes/logout.tsx"),
  // Accounts (issue 4): sign-up, invitations, password links, the idle-session ping.
  route("registreren", "routes/account/registreren.tsx"),
  // The link in the sign-up mail: shows what will be made; only its POST makes it (ADR 0029).
  route("registreren/bevestigen/:token", "routes/account/registreren-bevestigen.tsx"),
  route("uitnodiging/:token", "routes/account/uitnodiging.tsx"),
  route("wachtwoord-vergeten", "routes/account/wachtwoord-vergeten.tsx"),
  route("wachtwoord-herstellen/:token", "routes/account/wachtwoord-herstellen.tsx"),
  route("sessie", "routes/account/sessie.tsx"),
  ...prefix("aanvrager", [
    index("routes/aanvrager/dashboard.tsx"),
    // The eligibility check before a draft exists (issue 4).
    route("nieuw", "routes/aanvrager/nieuw.tsx"),
    route("plannen/:planId", "routes/aanvrager/plan.tsx"),
    // The wizard (design.md §3): a layout with the step list, one route per step.
    route("plannen/:planId/stap", "routes/aanvrager/wizard/layout.tsx", [
      route("aanvrager", "routes/aanvrager/wizard/aanvrager.tsx"),
      route("samenwerking", "routes/aanvrager/wizard/samenwerking.tsx"),
      route("analyse", "routes/aanvrager/wizard/analyse.tsx"),
      route("maatregelen", "routes/aanvrager/wizard/maatregelen.tsx"),
      route("begroting", "routes/aanvrager/wizard/begroting.tsx"),
      route("bijlagen", "routes/aanvrager/wizard/bijlagen.tsx"),
      route("indienen", "routes/aanvrager/wizard/indienen.tsx"),
    ]),
    // The message thread with the handler, outside the formal supplement request (issue 5).
    route("plannen/:planId/berichten", "routes/aanvrager/berichten.tsx"),
    // The realisatieverslag after the plan's end, in steps like the wizard (issue 6).
    route("plannen/:planId/realisatie/:stap?", "routes/aanvrager/realisatie.tsx"),
    // The tussentijds voortgangsverslag after month 12 (24), in the realisation report's steps (art. 5.4).
    route("plannen/:planId/tussentijds/:maanden/:stap?", "routes/aanvrager/tussentijds.tsx"),
    // The melding onderbesteding over an ended half-year, one form (art. 5.3).
    route("plannen/:planId/onderbesteding/:halfjaar", "routes/aanvrager/onderbesteding.tsx"),
    // The verlenging of a granted plan's period, once, on request (regulation art. 1.2a).
    route("plannen/:planId/verlenging", "routes/aanvrager/verlenging.tsx"),
    // Deleting a draft that was never submitted (design.md §4: "a DRAFT is simply deleted").
    route("plannen/:planId/verwijderen", "routes/aanvrager/verwijderen.tsx"),
    route("organisatie", "routes/account/organisatie.tsx"),
  ]),
  ...prefix("behandeling", [
    index("routes/behandeling/queues.tsx"),
    // Staff plan page (issue 5): a layout with the plan's header and one tab per part of the review.
    route("plannen/:planId", "routes/behandeling/plan/layout.tsx", [
      index("routes/behandeling/plan/overzicht.tsx"),
      route("volledigheid", "routes/behandeling/plan/volledigheid.tsx"),
      route("beoordeling", "routes/behandeling/plan/beoordeling.tsx"),
      route("besluit", "routes/behandeling/plan/besluit.tsx"),
      route("berichten", "routes/behandeling/plan/berichten.tsx"),
      // The vaststelling: the handler's proposal, the decision maker's settlement (issue 6).
      route("vaststelling", "routes/behandeling/plan/vaststelling.tsx"),
      // The applicant's requests for a verlenging and the decision on them (art. 1.2a).
      route("verlenging", "routes/behandeling/plan/verlenging.tsx"),
      // The submitted interim progress reports, and the handler's record of having read them.
      route("tussentijds", "routes/behandeling/plan/tussentijds.tsx"),
      // The submitted meldingen onderbesteding (art. 5.3), and the handler's record of having read them.
      route("onderbesteding", "routes/behandeling/plan/onderbesteding.tsx"),
    ]),
    // The decision letter rendered, not stored, before the decision is taken.
    route("plannen/:planId/besluit/voorbeeld", "routes/behandeling/plan/besluit-voorbeeld.tsx"),
    // The besluit on a verlenging, likewise rendered before it is taken.
    route("plannen/:planId/verlenging/voorbeeld", "routes/behandeling/plan/verlenging-voorbeeld.tsx"),
    // The workflow drawn from its definition.
    route("werkproces", "routes/behandeling/werkproces.tsx"),
    // Decision terms, lapsed hersteltermijnen, penalty exposure (Awb 4:17).
    route("termijnen", "routes/behandeling/termijnen.tsx"),
    // Open requests for a verlenging, oldest first, with their decision term.
    route("verlengingen", "routes/behandeling/verlengingen.tsx"),
    route("plannen/:planId/dossier", "routes/behandeling/dossier.tsx"),
    // The Actieteam: assignment by the coordinator or by claiming, and the declaration on
    // belangenverstrengeling before a plan opens to its adviser.
    route("toewijzing", "routes/behandeling/toewijzing.tsx"),
    route("plannen/:planId/verklaring", "routes/behandeling/verklaring.tsx"),
    // The Actieteam's outreach: which sectors and regions have a plan, which none yet (design.md §7).
    route("dekking", "routes/behandeling/dekking.tsx"),
  ]),
  // Finance (issue 6): the budget dashboard, set-up of regulations and windows, payments.
  ...prefix("financien", [
    index("routes/financien/dashboard.tsx"),
    // Drill-down: the plans behind any figure of the dashboard.
    route("plannen", "routes/financien/plannen.tsx"),
    // CSV and XLSX of every dashboard table (?format=csv|xlsx).
    route("export/:table", "routes/financien/export.tsx"),
    // The dashboard chart's figures per month, as a table (its text alternative).
    route("verloop", "routes/financien/verloop.tsx"),
    // Plans waiting for budget, in order of complete receipt.
    route("wachtlijst", "routes/financien/wachtlijst.tsx"),
    route("regelingen", "routes/financien/regelingen.tsx"),
    route("regelingen/:regulationId", "routes/financien/regeling.tsx"),
    route("betalingen", "routes/financien/betalingen.tsx"),
    route("betalingen/:batchId", "routes/financien/batch.tsx"),
    // The batch as CSV or as a SEPA credit transfer, pain.001.001.03 (?format=csv|sepa).
    route("betalingen/:batchId/export", "routes/financien/batch-export.tsx"),
    // IBAN changes wait for a second finance user (four-eyes).
    route("rekeningnummers", "routes/financien/rekeningnummers.tsx"),
    route("terugvorderingen", "routes/financien/terugvorderingen.tsx"),
    // The published wettelijke rente per half-year, for late repayments (Awb 4:98).
    route("wettelijke-rente", "routes/financien/wettelijke-rente.tsx"),
  ]),
  // Open data (no login): every granted plan, the table the ministry publishes.
  route("open-data", "routes/open-data/index.tsx"),
  route("open-data/toegekend.csv", "routes/open-data/csv.tsx"),
  route("open-data/toegekend.json", "routes/open-data/json.tsx"),
  route("documenten/:documentId", "routes/documenten.tsx"),
  // An applicant's upload, for the plan's organisation and staff only.
  route("bijlagen/:attachmentId", "routes/bijlagen.tsx"),
  route("meldingen", "routes/meldingen.tsx"),
  // The public statements a Dutch government site must have; no login.
  route("toegankelijkheid", "routes/toegankelijkheid.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("documenten/versies/:planVersionId", "routes/documenten-versie.tsx"),
  ...prefix("beheer", [
    index("routes/beheer/index.tsx"),
    route("gebruikers", "routes/beheer/gebruikers.tsx"),
    route("wachtrijen", "routes/beheer/wachtrijen.tsx"),
    route("wachtrijen/:queue", "routes/beheer/wachtrij.tsx"),
  ]),
  route("*", "routes/$.tsx"),
] satisfies RouteConfig;
