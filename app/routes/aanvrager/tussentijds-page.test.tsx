import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { setClock } from "../../domain/clock.ts";
import {
  openInterimReport,
  saveInterimStep,
  submitInterimReport,
} from "../../domain/interim/report.server.ts";
import { reviewInterimReport } from "../../domain/interim/review.server.ts";
import { planWhereForActor } from "../../domain/plan/access.server.ts";
import { reportExecutionStart } from "../../domain/plan/execution.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import InterimReportPage, { loader } from "./tussentijds.tsx";

/**
 * The interim report's submit step as the applicant sees it, from the real loader: the line that
 * a late report is still accepted only while it can still be submitted, and the declaration that
 * names the participant register with the BSN the portal does not ask for (ADR 0030).
 */
let s: Scenario;
let planId: string;
let measureIds: string[];
beforeAll(async () => {
  s = await createScenario();
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  const plan = await prisma.plan.findFirstOrThrow({ where: planWhereForActor(s.applicantA, id) });
  await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
  planId = id;
  measureIds = (await prisma.measure.findMany({ where: { planId }, orderBy: { position: "asc" } })).map(
    (m) => m.id,
  );
});
afterEach(() => setClock(null));
afterAll(async () => {
  await disconnectPrisma();
});

/** Month 12 of the plan (year+1) is over: the report can be written, and is not late yet. */
const during = () => setClock(new Date(`${s.year + 2}-01-15T10:00:00+01:00`));

async function submitStep(lng: Language, id = planId, markup = false): Promise<string> {
  during();
  const path = `/aanvrager/plannen/${id}/tussentijds/12/indienen`;
  const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
    ";",
  )[0];
  const loaderData = await loader({
    request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie ?? "" } }),
    params: { planId: id, maanden: "12", stap: "indienen" },
    context: {},
  } as never);
  const Stub = createRoutesStub([
    {
      id: "report",
      path: "/aanvrager/plannen/:planId/tussentijds/:maanden/:stap",
      Component: InterimReportPage as never,
    },
  ]);
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={[path]} hydrationData={{ loaderData: { report: loaderData } }} />
    </I18nextProvider>,
  );
  return markup ? html : html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

const LATE_NL = "Een later verslag nemen wij nog aan";
const LATE_EN = "We will still accept a later report";

describe("the interim report's submit step", () => {
  it("says a later report is still accepted while it is not submitted, and asks the declaration naming the BSN register", async () => {
    during();
    const view = await openInterimReport(s.applicantA, planId, 12);
    const one = await saveInterimStep(s.applicantA, planId, 12, view.report?.version ?? 0, "results", {
      measures: measureIds.map((measureId) => ({ measureId, participants: "25" })),
      summary: "Alles loopt volgens plan, op de werving na.",
    });
    await saveInterimStep(s.applicantA, planId, 12, one.version, "costs", {
      costs: measureIds.map((measureId) => ({ measureId, year: String(s.year + 1), amount: "30.000,00" })),
    });
    const nl = await submitStep("nl");
    expect(nl).toContain("(acht weken na de 12e maand van de periode).");
    expect(nl).toContain(LATE_NL);
    expect(nl).toContain(
      "Daarin staan de deelnemers per maatregel met hun burgerservicenummer (BSN), op één plaats en op verzoek ter inzage voor het ministerie; in het portaal vult u geen BSN in.",
    );
    const en = await submitStep("en");
    expect(en).toContain(LATE_EN);
    expect(en).toContain("citizen service number (BSN)");
  });

  it("once submitted, shows its due date but no longer that a later report is accepted", async () => {
    during();
    const { report } = await openInterimReport(s.applicantA, planId, 12);
    await submitInterimReport(s.applicantA, planId, 12, report?.version ?? 0, true);
    const nl = await submitStep("nl");
    expect(nl).toContain("Het verslag is ingediend op");
    expect(nl).toContain("(acht weken na de 12e maand van de periode).");
    expect(nl).not.toContain(LATE_NL);
    expect(await submitStep("en")).not.toContain(LATE_EN);
  });

  it("once read, shows the handler's note marked as Dutch on the English page (WCAG 3.1.2)", async () => {
    during();
    const { version } = await prisma.plan.findFirstOrThrow({ where: planWhereForActor(s.handler, planId) });
    const note = "Dank u; graag meer over de werving van jongeren.";
    await reviewInterimReport(s.handler, planId, 12, version, note);
    const html = await submitStep("en", planId, true);
    const at = html.indexOf(note);
    expect(at).toBeGreaterThan(0);
    expect(html.slice(html.lastIndexOf("<", at), at)).toMatch(/^<p [^>]*lang="nl"/);
    expect(await submitStep("en")).toContain("The case handler&#x27;s note: Dank u;");
  });

  it("asks the accountant's controleverklaring on this step only when the grant requires it, in Dutch and English", async () => {
    expect(await submitStep("nl")).not.toContain("Controleverklaring van de accountant");
    setClock(null);
    const { id, version } = await completePlan(s);
    await grantPlan(s, id, await advisePlan(s, id, version));
    await prisma.decision.update({ where: { planId: id }, data: { interimAuditRequired: true } });
    const plan = await prisma.plan.findFirstOrThrow({ where: planWhereForActor(s.applicantA, id) });
    await reportExecutionStart(s.applicantA, id, plan.version, amsterdamDate(new Date()));
    const nl = await submitStep("nl", id);
    expect(nl).toContain("Controleverklaring van de accountant");
    expect(nl).toContain(
      "artikel 393, eerste lid, van Boek 2 van het Burgerlijk Wetboek, volgens het model dat de minister voorschrijft (artikel 5.4, vierde lid, van de regeling)",
    );
    expect(nl).toContain("Er is nog geen controleverklaring toegevoegd.");
    expect(nl).toContain("Controleverklaring (PDF, hoogstens 10 MB)");
    const html = await submitStep("nl", id, true);
    // Its own multipart form, the file input the declaration's summary links to.
    expect(html).toContain('encType="multipart/form-data"');
    expect(html).toContain('<input id="auditReport" type="file" accept=".pdf,application/pdf"');
    expect(html).toContain('name="auditReport"/>');
    const en = await submitStep("en", id);
    expect(en).toContain("Auditor&#x27;s report (PDF, at most 10 MB)");
    expect(en).toContain("following the model the minister prescribes");
  });
});
