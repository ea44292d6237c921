import { createHash, randomUUID } from "node:crypto";
import type { RouteConfigEntry } from "@react-router/dev/routes";
import pg from "pg";
import { type APIRequestContext, request } from "./fixtures.ts";
import { sessionCookieFor } from "./session.ts";

/**
 * The access matrix (issue 7): for every route of app/routes.ts and the Express endpoints beside
 * it, who gets what. access-matrix.spec.ts asks the running server and compares; a route file in
 * routes.ts without an entry here fails that spec by name, so a new route cannot slip through.
 */

export const ROLES = [
  "anonymous",
  "metaal",
  "bouw",
  "behandelaar",
  "adviseur",
  "adviseur2",
  "beslisser",
  "financien",
  "beheer",
] as const;
export type Role = (typeof ROLES)[number];

/** The seeded user behind each role (password login is proven elsewhere; sessions come from e2e/session.ts). */
export const ROLE_EMAIL: Record<Exclude<Role, "anonymous">, string> = {
  // APPLICANT of the Metaal organisation: the "own organisation" of the resources below.
  metaal: "aanvrager.metaal@example.nl",
  // APPLICANT of the Bouw organisation: the "other organisation".
  bouw: "aanvrager.bouw@example.nl",
  behandelaar: "behandelaar@example.nl",
  // ADVISER not assigned to the plan the staff pages open; adviseur2 holds its ACTIVE assignment.
  adviseur: "adviseur@example.nl",
  adviseur2: "adviseur2@example.nl",
  beslisser: "beslisser@example.nl",
  financien: "financien@example.nl",
  beheer: "beheer@example.nl",
};

const STAFF: readonly Role[] = ["behandelaar", "adviseur", "adviseur2", "beslisser", "financien", "beheer"];

/**
 * An expected answer: a status, "login" (a redirect to /login?redirectTo=…) or "redirect" (any
 * other 3xx, e.g. a page that sends an applicant to its own home).
 */
export type Outcome = 200 | 400 | 401 | 403 | 404 | 405 | 409 | 410 | "login" | "redirect" | "not posted";

/**
 * Per role; `staff` and `applicant` cover the roles of that kind not named, `all` the rest.
 * Every role must resolve to an outcome, or the spec fails on the table itself.
 */
export type Expectations = Partial<Record<Role | "staff" | "applicant" | "all", Outcome>>;

export type Case = {
  /** "own organisation", "other organisation", … — shown in a failure. */
  label: string;
  /** The URL, with {placeholders} from Fixtures. */
  path: string;
  get: Expectations;
  /**
   * An empty POST with the server's Origin: a refused role gets 403/404, a permitted one its 400
   * (or a redirect), a route without an action 405, never a 500. `false`: not posted, with why.
   */
  post: Expectations | { skip: string };
  /**
   * The POST's form fields; empty by default. Another organisation's plan gets a well-formed post,
   * so the answer is the access check's and not the form check's.
   */
  body?: Record<string, string>;
};

export type Entry = { cases: Case[] };

export function expected(exp: Expectations, role: Role): Outcome | undefined {
  const group = role === "anonymous" ? undefined : STAFF.includes(role) ? "staff" : "applicant";
  return exp[role] ?? (group ? exp[group] : undefined) ?? exp.all;
}

/** The route files of a RouteConfig, with their full paths (prefixes and parents joined). */
export function flattenRoutes(entries: RouteConfigEntry[], parent = ""): { file: string; path: string }[] {
  return entries.flatMap((e) => {
    const path = e.index ? parent : [parent, e.path ?? ""].filter(Boolean).join("/");
    return [{ file: e.file, path: `/${path}` }, ...flattenRoutes(e.children ?? [], path)];
  });
}

const LOGIN = "login" as const;
const REDIRECT = "redirect" as const;

/** Public pages: everyone gets them. */
const PUBLIC: Expectations = { all: 200 };
/** Pages of one organisation's applicants; staff have their own pages for plans. */
const OWN_APPLICANT: Expectations = { anonymous: LOGIN, metaal: 200, bouw: 404, staff: 403 };
const OTHER_APPLICANT: Expectations = { anonymous: LOGIN, metaal: 404, bouw: 200, staff: 403 };

export type Fixtures = Record<string, string>;

/** Fills the {placeholders} of a path. */
export function fill(path: string, fx: Fixtures): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = fx[k];
    if (!v) throw new Error(`no fixture {${k}}`);
    return v;
  });
}

async function one(client: pg.Client, text: string, params: unknown[]): Promise<string> {
  const { rows } = await client.query<{ id: string }>(text, params);
  const id = rows[0]?.id;
  if (!id) throw new Error(`fixture not found: ${text} ${JSON.stringify(params)}`);
  return id;
}

const PLAN_OF = `SELECT p.id FROM "Plan" p JOIN "RoleMembership" m ON m."organisationId" = p."organisationId"
  JOIN "User" u ON u.id = m."userId" WHERE u.email = $1 AND p.status = $2::"PlanStatus"`;

/**
 * The rows the matrix opens, from the seed (npm test seeds before Playwright): for each
 * organisation a submitted plan with an attachment and a version, a letter added here, and the
 * drafts `drafts` made through the eligibility check (the same post as the form).
 */
export async function loadFixtures(drafts: { own: string; other: string }): Promise<Fixtures> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    // The seeded plan adviseur2 is assigned to (and adviseur is not), oldest first: later tests add their own.
    const ownPlan = await one(
      client,
      `${PLAN_OF} AND EXISTS (SELECT 1 FROM "AdviserAssignment" a JOIN "User" v ON v.id = a."adviserId"
        WHERE a."planId" = p.id AND v.email = $3 AND a.status = 'ACTIVE')
        AND NOT EXISTS (SELECT 1 FROM "AdviserAssignment" a JOIN "User" v ON v.id = a."adviserId"
        WHERE a."planId" = p.id AND v.email = $4) ORDER BY p."createdAt" LIMIT 1`,
      [ROLE_EMAIL.metaal, "IN_EXECUTION", ROLE_EMAIL.adviseur2, ROLE_EMAIL.adviseur],
    );
    const otherPlan = await one(client, `${PLAN_OF} ORDER BY p."createdAt" LIMIT 1`, [
      ROLE_EMAIL.bouw,
      "SUBMITTED",
    ]);
    // A plan whose period has ended: the realisatieverslag is due.
    const ownExecution = await one(client, `${PLAN_OF} ORDER BY p."createdAt" LIMIT 1`, [
      ROLE_EMAIL.metaal,
      "IN_EXECUTION",
    ]);
    const otherSettled = await one(client, `${PLAN_OF} ORDER BY p."createdAt" LIMIT 1`, [
      ROLE_EMAIL.bouw,
      "SETTLED",
    ]);
    const attachmentOf = (planId: string) =>
      one(client, `SELECT id FROM "PlanAttachment" WHERE "planId" = $1 ORDER BY "createdAt" LIMIT 1`, [
        planId,
      ]);
    const versionOf = (planId: string) =>
      one(client, `SELECT id FROM "PlanVersion" WHERE "planId" = $1 ORDER BY number LIMIT 1`, [planId]);
    const letterFor = async (planId: string) => {
      const id = randomUUID();
      const bytes = Buffer.from("%PDF-1.7\n% matrix letter\n%%EOF\n");
      const key = `documents/${planId}/${id}`;
      await client.query(`INSERT INTO "StoredBlob" (key, bytes) VALUES ($1, $2)`, [key, bytes]);
      await client.query(
        `INSERT INTO "Document" (id, "planId", kind, "idempotencyKey", title, filename, "mimeType", sha256, "byteSize", "storageKey")
         VALUES ($1, $2, 'GRANT_DECISION', $3, 'Matrixbrief', 'matrixbrief.pdf', 'application/pdf', $4, $5, $6)`,
        [
          id,
          planId,
          `access-matrix-${id}`,
          createHash("sha256").update(bytes).digest("hex"),
          bytes.length,
          key,
        ],
      );
      return id;
    };
    return {
      ownPlan,
      otherPlan,
      ownExecution,
      otherSettled,
      ownDraft: drafts.own,
      otherDraft: drafts.other,
      ownAttachment: await attachmentOf(ownPlan),
      otherAttachment: await attachmentOf(otherPlan),
      ownVersion: await versionOf(ownPlan),
      otherVersion: await versionOf(otherPlan),
      ownLetter: await letterFor(ownPlan),
      otherLetter: await letterFor(otherPlan),
      regulation: await one(client, `SELECT id FROM "Regulation" ORDER BY code LIMIT 1`, []),
      batch: await one(client, `SELECT id FROM "PaymentBatch" ORDER BY "preparedAt" LIMIT 1`, []),
    };
  } finally {
    await client.end();
  }
}

/** An applicant page of one plan: `own` is the Metaal organisation's resource, `other` the Bouw one's. */
function applicantPlanRoute(
  path: (plan: string) => string,
  own: string,
  other: string,
  body: Record<string, string>,
  action = true,
): Entry {
  return {
    cases: [
      {
        label: "own organisation",
        path: path(own),
        get: OWN_APPLICANT,
        // Form checks come before the plan is looked up, so an empty post is a 400 for any applicant.
        post: action ? { anonymous: LOGIN, applicant: 400, staff: 403 } : { all: 405 },
      },
      {
        label: "other organisation",
        path: path(other),
        get: OTHER_APPLICANT,
        // The owner is not posted: it would change a seeded plan that other specs read.
        post: action ? { anonymous: LOGIN, metaal: 404, bouw: "not posted", staff: 403 } : { all: 405 },
        body,
      },
    ],
  };
}

const SAVE = { intent: "save", expectedVersion: "1", title: "Overgenomen" };
const wizardStep = (slug: string) =>
  applicantPlanRoute((p) => `/aanvrager/plannen/{${p}}/stap/${slug}`, "ownDraft", "otherDraft", SAVE);

/** Staff plan pages, on Metaal's granted plan: adviseur2 holds its assignment, adviseur does not. */
const STAFF_PLAN_GET: Expectations = {
  anonymous: LOGIN,
  applicant: 403,
  behandelaar: 200,
  adviseur: 404,
  adviseur2: 200,
  beslisser: 200,
  financien: 200,
  beheer: 403,
};
const STAFF_PLAN_POST: Expectations = {
  anonymous: LOGIN,
  applicant: 403,
  behandelaar: 400,
  adviseur: 404,
  adviseur2: 400,
  beslisser: 400,
  financien: 403,
  beheer: 403,
};
const staffPlanRoute = (path: string, post: Case["post"] = STAFF_PLAN_POST, get = STAFF_PLAN_GET): Entry => ({
  cases: [{ label: "Metaal's granted plan", path, get, post }],
});
/**
 * A tab of one review role. The plan is looked up (for the actor) before the role of the tab is
 * checked on a GET, so the unassigned adviser gets 404 there; an action checks the role first (403),
 * and parses the form before it looks up the plan, so a permitted role's empty post is a 400.
 */
const tabOf = (path: string, get: Expectations, post: Expectations): Entry =>
  staffPlanRoute(
    path,
    { anonymous: LOGIN, applicant: 403, staff: 403, ...post },
    {
      anonymous: LOGIN,
      applicant: 403,
      staff: 403,
      adviseur: 404,
      ...get,
    },
  );

const REVIEW_GET: Expectations = { anonymous: LOGIN, applicant: 403, staff: 200, beheer: 403 };
const REVIEW_STAFF_GET: Expectations = { ...REVIEW_GET, financien: 403 };
const FINANCE_GET: Expectations = { anonymous: LOGIN, applicant: 403, staff: 403, financien: 200 };
const FINANCE_POST: Expectations = { anonymous: LOGIN, applicant: 403, staff: 403, financien: 400 };
const ADMIN_GET: Expectations = { anonymous: LOGIN, applicant: 403, staff: 403, beheer: 200 };
const LOADER_ONLY: Expectations = { all: 405 };
const page = (path: string, get: Expectations, post: Case["post"] = LOADER_ONLY): Entry => ({
  cases: [{ label: "page", path, get, post }],
});

/**
 * Keyed by route file as in app/routes.ts; "express: …" are the endpoints server/app.ts serves
 * before React Router.
 */
export const MATRIX: Record<string, Entry> = {
  "routes/home.tsx": page("/", PUBLIC),
  "routes/login.tsx": page(
    "/login",
    { anonymous: 200, all: REDIRECT },
    { skip: "failed logins count towards the login throttle; the login specs post it" },
  ),
  "routes/account/tweestapsverificatie.tsx": page(
    "/tweestapsverificatie",
    // Without a password checked first there is nothing to confirm: back to the login page.
    { all: LOGIN },
    { skip: "part of the login; the second-factor specs post it" },
  ),
  "routes/account/tweestapsverificatie-instellen.tsx": page(
    "/tweestapsverificatie-instellen",
    // Without a password checked first there is nothing to confirm: back to the login page.
    { all: LOGIN },
    { skip: "part of the login; the second-factor specs post it" },
  ),
  // Posted with a session of its own (the post ends it).
  "routes/logout.tsx": page("/logout", { all: REDIRECT }, { all: REDIRECT }),
  "routes/account/registreren.tsx": page(
    "/registreren",
    // A logged-in user is sent to their own start page.
    { anonymous: 200, all: REDIRECT },
    { anonymous: 400, all: REDIRECT },
  ),
  // The sign-up mail's link (ADR 0029), an unknown token: gone (410) for anyone, on GET and POST.
  "routes/account/registreren-bevestigen.tsx": page(
    "/registreren/bevestigen/ongeldig-token",
    { all: 410 },
    { all: 410 },
  ),
  // An unknown token: the link is gone (410), for anyone.
  "routes/account/uitnodiging.tsx": page("/uitnodiging/ongeldig-token", { all: 410 }, { all: 400 }),
  "routes/account/wachtwoord-vergeten.tsx": page("/wachtwoord-vergeten", PUBLIC, { all: 400 }),
  "routes/account/wachtwoord-herstellen.tsx": page(
    "/wachtwoord-herstellen/ongeldig-token",
    { all: 410 },
    { all: 400 },
  ),
  // The idle-session ping: a POST only; 401 tells the page the session has ended.
  "routes/account/sessie.tsx": page("/sessie", { all: 404 }, { anonymous: 401, all: 200 }),
  "routes/aanvrager/dashboard.tsx": page("/aanvrager", { anonymous: LOGIN, applicant: 200, staff: 403 }),
  "routes/aanvrager/nieuw.tsx": page(
    "/aanvrager/nieuw",
    { anonymous: LOGIN, applicant: 200, staff: 403 },
    { anonymous: LOGIN, applicant: 400, staff: 403 },
  ),
  "routes/aanvrager/plan.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}`,
    "ownPlan",
    "otherPlan",
    {
      intent: "intrekken",
      version: "1",
      reason: "Matrix",
    },
  ),
  "routes/aanvrager/wizard/layout.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}/stap`,
    "ownDraft",
    "otherDraft",
    {},
    false,
  ),
  "routes/aanvrager/wizard/aanvrager.tsx": wizardStep("aanvrager"),
  "routes/aanvrager/wizard/samenwerking.tsx": wizardStep("samenwerking"),
  "routes/aanvrager/wizard/analyse.tsx": wizardStep("analyse"),
  "routes/aanvrager/wizard/maatregelen.tsx": wizardStep("maatregelen"),
  "routes/aanvrager/wizard/begroting.tsx": wizardStep("begroting"),
  "routes/aanvrager/wizard/bijlagen.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}/stap/bijlagen`,
    "ownDraft",
    "otherDraft",
    { intent: "remove", attachmentId: "00000000-0000-4000-8000-000000000000" },
  ),
  "routes/aanvrager/wizard/indienen.tsx": wizardStep("indienen"),
  "routes/aanvrager/berichten.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}/berichten`,
    "ownPlan",
    "otherPlan",
    { tekst: "Een bericht dat nergens mag aankomen." },
  ),
  "routes/aanvrager/realisatie.tsx": {
    cases: [
      {
        label: "own organisation",
        path: "/aanvrager/plannen/{ownExecution}/realisatie",
        get: { ...OWN_APPLICANT, metaal: REDIRECT },
        post: { anonymous: LOGIN, metaal: REDIRECT, bouw: 400, staff: 403 },
      },
      {
        label: "other organisation",
        path: "/aanvrager/plannen/{otherSettled}/realisatie/resultaten",
        get: OTHER_APPLICANT,
        post: { anonymous: LOGIN, metaal: 404, bouw: "not posted", staff: 403 },
        body: SAVE,
      },
    ],
  },
  // The verlenging (art. 1.2a): another organisation's plan gets a well-formed request, which is
  // refused because the plan is not found, before its form or its rules are checked.
  "routes/aanvrager/verlenging.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}/verlenging`,
    "ownPlan",
    "otherPlan",
    {
      intent: "request",
      expectedVersion: "1",
      months: "1",
      motivation: "Een verzoek dat nergens mag aankomen.",
    },
  ),
  // The tussentijds voortgangsverslag (art. 5.4): Metaal's plan in execution may be too short or too
  // early for a report (the page then says why, 200); another organisation's plan is not found, also
  // for a well-formed save. An empty post is refused on its form (400) before the plan is looked up.
  "routes/aanvrager/tussentijds.tsx": {
    cases: [
      {
        label: "own organisation",
        path: "/aanvrager/plannen/{ownExecution}/tussentijds/12/resultaten",
        get: OWN_APPLICANT,
        post: { anonymous: LOGIN, applicant: 400, staff: 403 },
      },
      {
        label: "other organisation",
        path: "/aanvrager/plannen/{otherSettled}/tussentijds/12/resultaten",
        get: OTHER_APPLICANT,
        post: { anonymous: LOGIN, metaal: 404, bouw: "not posted", staff: 403 },
        body: SAVE,
      },
    ],
  },
  // The melding onderbesteding (art. 5.3): Metaal's plan in execution may be out of scope or its
  // half-year not ended (the page then says why, 200); another organisation's plan is not found,
  // also for a well-formed save. An empty post is refused on its form (400) before the plan is read.
  "routes/aanvrager/onderbesteding.tsx": {
    cases: [
      {
        label: "own organisation",
        path: "/aanvrager/plannen/{ownExecution}/onderbesteding/1",
        get: OWN_APPLICANT,
        post: { anonymous: LOGIN, applicant: 400, staff: 403 },
      },
      {
        label: "other organisation",
        path: "/aanvrager/plannen/{otherSettled}/onderbesteding/1",
        get: OTHER_APPLICANT,
        post: { anonymous: LOGIN, metaal: 404, bouw: "not posted", staff: 403 },
        body: { intent: "save", expectedVersion: "0", actual: "1,00", causes: "", outlook: "" },
      },
    ],
  },
  // Deleting a draft: the own organisation's draft gets an empty post, which the form check answers
  // (400) before the plan is looked up, so the draft other specs read stays; another organisation's
  // draft gets a well-formed delete, refused because the plan is not found.
  "routes/aanvrager/verwijderen.tsx": applicantPlanRoute(
    (p) => `/aanvrager/plannen/{${p}}/verwijderen`,
    "ownDraft",
    "otherDraft",
    { intent: "delete", expectedVersion: "1" },
  ),
  "routes/account/organisatie.tsx": page(
    "/aanvrager/organisatie",
    { anonymous: LOGIN, applicant: 200, staff: 403 },
    { anonymous: LOGIN, applicant: 400, staff: 403 },
  ),
  "routes/behandeling/queues.tsx": page("/behandeling", REVIEW_STAFF_GET, {
    anonymous: LOGIN,
    applicant: 403,
    staff: 403,
    behandelaar: 400,
    beslisser: 400,
  }),
  "routes/behandeling/plan/layout.tsx": staffPlanRoute("/behandeling/plannen/{ownPlan}", LOADER_ONLY),
  "routes/behandeling/plan/overzicht.tsx": {
    cases: [
      {
        label: "Metaal's granted plan",
        path: "/behandeling/plannen/{ownPlan}",
        get: STAFF_PLAN_GET,
        post: LOADER_ONLY,
      },
      // A draft is the applicant's own until it is submitted.
      {
        label: "a draft",
        path: "/behandeling/plannen/{ownDraft}",
        get: { anonymous: LOGIN, applicant: 403, staff: 404, beheer: 403 },
        post: LOADER_ONLY,
      },
    ],
  },
  // The case handler's completeness check.
  "routes/behandeling/plan/volledigheid.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/volledigheid",
    { behandelaar: 200 },
    { behandelaar: 400 },
  ),
  // The Actieteam's advice; the handler and the decision maker read it.
  "routes/behandeling/plan/beoordeling.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/beoordeling",
    { behandelaar: 200, adviseur2: 200, beslisser: 200 },
    // The unassigned adviser's empty post fails on the form (400) before the plan is looked up.
    { adviseur: 400, adviseur2: 400 },
  ),
  "routes/behandeling/plan/besluit.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/besluit",
    { beslisser: 200 },
    { beslisser: 400 },
  ),
  "routes/behandeling/plan/berichten.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/berichten",
    { behandelaar: 200, adviseur2: 200, beslisser: 200 },
    { behandelaar: 400, adviseur: 400, adviseur2: 400, beslisser: 400 },
  ),
  "routes/behandeling/plan/vaststelling.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/vaststelling",
    { behandelaar: 200, adviseur2: 200, beslisser: 200 },
    { behandelaar: 400, beslisser: 400 },
  ),
  // Requests for a verlenging: read by the handler, the decision maker and finance; decided by the
  // decision maker only (an empty post is that role's 400).
  "routes/behandeling/plan/verlenging.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/verlenging",
    { behandelaar: 200, beslisser: 200, financien: 200 },
    { beslisser: 400 },
  ),
  // The submitted interim reports: read by the handler, the decision maker and the plan's adviser;
  // marked as read by a case handler only (the role first: an empty post is that role's 400).
  "routes/behandeling/plan/tussentijds.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/tussentijds",
    { behandelaar: 200, adviseur2: 200, beslisser: 200 },
    { behandelaar: 400 },
  ),
  // The submitted meldingen onderbesteding: read as the interim reports; marked as read by a case
  // handler only (the role first: an empty post is that role's 400).
  "routes/behandeling/plan/onderbesteding.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/onderbesteding",
    { behandelaar: 200, adviseur2: 200, beslisser: 200 },
    { behandelaar: 400 },
  ),
  // The letter before the decision; this plan is decided already, which the preview answers with 400.
  "routes/behandeling/plan/besluit-voorbeeld.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/besluit/voorbeeld",
    { adviseur: 403, beslisser: 400 },
    { beslisser: 400 },
  ),
  // The besluit on a verlenging before it is taken, the decision maker's only (the role first, so
  // the unassigned adviser gets 403). The seed's open request on this plan is previewed from the
  // form's values; without any, the answer is 400.
  "routes/behandeling/plan/verlenging-voorbeeld.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/verlenging/voorbeeld",
    { adviseur: 403, beslisser: 400 },
    { beslisser: 400 },
  ),
  // The workflow drawing is for every staff role.
  "routes/behandeling/werkproces.tsx": page("/behandeling/werkproces", { ...REVIEW_GET, beheer: 200 }),
  // Terms: the case handler's and the decision maker's.
  "routes/behandeling/termijnen.tsx": page("/behandeling/termijnen", {
    anonymous: LOGIN,
    applicant: 403,
    staff: 403,
    behandelaar: 200,
    beslisser: 200,
  }),
  // Open requests for a verlenging: the handler's and the decision maker's; finance reads along.
  "routes/behandeling/verlengingen.tsx": page("/behandeling/verlengingen", {
    anonymous: LOGIN,
    applicant: 403,
    staff: 403,
    behandelaar: 200,
    beslisser: 200,
    financien: 200,
  }),
  // The whole case file, for every role that reads plans (not ADMIN).
  "routes/behandeling/dossier.tsx": staffPlanRoute("/behandeling/plannen/{ownPlan}/dossier", LOADER_ONLY),
  // The Actieteam's own page: claiming and (for the coordinator) assigning.
  "routes/behandeling/toewijzing.tsx": page(
    "/behandeling/toewijzing",
    { anonymous: LOGIN, applicant: 403, staff: 403, adviseur: 200, adviseur2: 200 },
    { anonymous: LOGIN, applicant: 403, staff: 403, adviseur: 400, adviseur2: 400 },
  ),
  // Which sectors and regions have a plan (design.md §7): every role that reviews plans.
  "routes/behandeling/dekking.tsx": page("/behandeling/dekking", REVIEW_STAFF_GET),
  // The adviser's declaration; adviseur2 made it already and is sent on to the advice.
  "routes/behandeling/verklaring.tsx": tabOf(
    "/behandeling/plannen/{ownPlan}/verklaring",
    { adviseur2: REDIRECT },
    { adviseur: 400, adviseur2: REDIRECT },
  ),
  // The budget dashboard is the decision maker's too.
  "routes/financien/dashboard.tsx": page("/financien", { ...FINANCE_GET, beslisser: 200 }),
  "routes/financien/verloop.tsx": page("/financien/verloop", { ...FINANCE_GET, beslisser: 200 }),
  // The drill-down without the figure it drills into is bad input.
  "routes/financien/plannen.tsx": page("/financien/plannen", {
    ...FINANCE_GET,
    financien: 400,
    beslisser: 400,
  }),
  "routes/financien/export.tsx": page("/financien/export/windows?format=csv", {
    ...FINANCE_GET,
    beslisser: 200,
  }),
  "routes/financien/wachtlijst.tsx": page("/financien/wachtlijst", {
    ...FINANCE_GET,
    behandelaar: 200,
    beslisser: 200,
  }),
  // Regulations and windows are set up by finance or the functional administrator.
  "routes/financien/regelingen.tsx": page("/financien/regelingen", { ...FINANCE_GET, beheer: 200 }),
  "routes/financien/regeling.tsx": page(
    "/financien/regelingen/{regulation}",
    { ...FINANCE_GET, beheer: 200 },
    { ...FINANCE_POST, beheer: 400 },
  ),
  "routes/financien/betalingen.tsx": page("/financien/betalingen", FINANCE_GET, FINANCE_POST),
  "routes/financien/batch.tsx": page("/financien/betalingen/{batch}", FINANCE_GET, FINANCE_POST),
  "routes/financien/batch-export.tsx": page("/financien/betalingen/{batch}/export?format=csv", FINANCE_GET),
  "routes/financien/rekeningnummers.tsx": page("/financien/rekeningnummers", FINANCE_GET, FINANCE_POST),
  "routes/financien/terugvorderingen.tsx": page("/financien/terugvorderingen", FINANCE_GET, FINANCE_POST),
  "routes/financien/wettelijke-rente.tsx": page("/financien/wettelijke-rente", FINANCE_GET, FINANCE_POST),
  "routes/open-data/index.tsx": page("/open-data", PUBLIC),
  "routes/open-data/csv.tsx": page("/open-data/toegekend.csv", PUBLIC),
  "routes/open-data/json.tsx": page("/open-data/toegekend.json", PUBLIC),
  // Letters, uploads and plan versions: the plan's organisation and the staff who may read the plan.
  "routes/documenten.tsx": fileRoute("/documenten/{ownLetter}", "/documenten/{otherLetter}"),
  "routes/bijlagen.tsx": fileRoute("/bijlagen/{ownAttachment}", "/bijlagen/{otherAttachment}"),
  "routes/documenten-versie.tsx": fileRoute(
    "/documenten/versies/{ownVersion}",
    "/documenten/versies/{otherVersion}",
  ),
  "routes/meldingen.tsx": page("/meldingen", { anonymous: LOGIN, all: 200 }, { anonymous: LOGIN, all: 400 }),
  "routes/toegankelijkheid.tsx": page("/toegankelijkheid", PUBLIC),
  "routes/privacy.tsx": page("/privacy", PUBLIC),
  "routes/beheer/index.tsx": page("/beheer", ADMIN_GET),
  "routes/beheer/gebruikers.tsx": page("/beheer/gebruikers", ADMIN_GET, {
    anonymous: LOGIN,
    applicant: 403,
    staff: 403,
    beheer: 400,
  }),
  "routes/beheer/wachtrijen.tsx": page("/beheer/wachtrijen", ADMIN_GET),
  "routes/beheer/wachtrij.tsx": page("/beheer/wachtrijen/letters", ADMIN_GET, {
    anonymous: LOGIN,
    applicant: 403,
    staff: 403,
    beheer: 400,
  }),
  "routes/$.tsx": page("/bestaat-niet", { all: 404 }),
  "express: /healthz": page("/healthz", PUBLIC),
  // Prometheus text (server/metrics.ts): ADMIN only; a scraper without login uses METRICS_PORT.
  "express: /metrics": page("/metrics", ADMIN_GET),
};

function fileRoute(own: string, other: string): Entry {
  // Staff read Metaal's granted plan, adviseur2 through the assignment; Bouw's plan is submitted,
  // not yet assigned to an adviser. ADMIN reads no plan (visiblePlans: least privilege), so its
  // answer is the same 404 as for any unknown id.
  const staff: Expectations = {
    behandelaar: 200,
    adviseur: 404,
    adviseur2: 200,
    beslisser: 200,
    financien: 200,
    beheer: 404,
  };
  return {
    cases: [
      {
        label: "own organisation",
        path: own,
        get: { anonymous: LOGIN, metaal: 200, bouw: 404, ...staff },
        post: LOADER_ONLY,
      },
      {
        label: "other organisation",
        path: other,
        get: { anonymous: LOGIN, metaal: 404, bouw: 200, ...staff, adviseur2: 404 },
        post: LOADER_ONLY,
      },
    ],
  };
}

/**
 * What the matrix and the CSRF spec share: one request context (no browser), a session cookie per
 * role (made in the database, e2e/session.ts) and the fixtures, with a fresh draft for each
 * organisation made by the eligibility form's own post.
 */
export async function matrixSetUp(baseURL: string): Promise<{
  api: APIRequestContext;
  cookies: Map<Role, string>;
  fx: Fixtures;
}> {
  const api = await request.newContext({ baseURL });
  const cookies = new Map<Role, string>();
  for (const role of ROLES)
    if (role !== "anonymous") cookies.set(role, `__session=${await sessionCookieFor(ROLE_EMAIL[role])}`);
  const draft = async (role: Role) => {
    const res = await api.post("/aanvrager/nieuw", {
      form: { employersOrganisation: "ja", employeesOrganisation: "ja", meetsMinimum: "ja" },
      headers: { Origin: baseURL, Cookie: cookies.get(role) ?? "" },
      maxRedirects: 0,
    });
    const id = /\/plannen\/([0-9a-f-]{36})$/.exec(res.headers().location ?? "")?.[1];
    if (!id) throw new Error(`no draft for ${role}: ${res.status()}`);
    return id;
  };
  const fx = await loadFixtures({ own: await draft("metaal"), other: await draft("bouw") });
  return { api, cookies, fx };
}
