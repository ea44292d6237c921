import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { grantedScenarioPlan } from "../../domain/documents/test-fixtures.server.ts";
import { createDraftPlan } from "../../domain/plan/drafts.server.ts";
import { interimReportsDue } from "../../domain/settlement/terms.ts";
import { serverI18n } from "../../entry.server.tsx";
import { formatDateIn } from "../../i18n/format.ts";
import type { Language } from "../../i18n/resources.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import Dashboard, { loader } from "./dashboard.tsx";

/** The dashboard of someone in two organisations names each plan's organisation. */
let s: Scenario;
let both: Actor;
afterAll(() => disconnectPrisma());
beforeAll(async () => {
  s = await createScenario();
  both = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.create({
    data: { userId: both.userId, role: "APPLICANT", organisationId: s.orgB.id, isSignatory: true },
  });
  await createDraftPlan(s.applicantA, { regulationId: s.regulation.id });
  await createDraftPlan(s.applicantB, { regulationId: s.regulation.id });
});

async function load(who: Actor) {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0] ?? "";
  const request = new Request("http://localhost/aanvrager", { headers: { Cookie: cookie } });
  return loader({ request, params: {}, context: {} } as never);
}

function render(lng: Language, loaderData: Awaited<ReturnType<typeof loader>>): string {
  const Stub = createRoutesStub([{ id: "dashboard", path: "/aanvrager", Component: Dashboard as never }]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={["/aanvrager"]} hydrationData={{ loaderData: { dashboard: loaderData } }} />
    </I18nextProvider>,
  );
}

describe("the dashboard's organisation per plan", () => {
  it("names the organisation of each plan to someone in two", async () => {
    const data = await load(both);
    expect(data.showOrganisation).toBe(true);
    expect(data.plans.map((p) => p.organisationName).sort()).toEqual([s.orgA.name, s.orgB.name].sort());
    const nl = render("nl", data);
    expect(nl).toMatch(/<th[^>]*>Organisatie<\/th>/);
    expect(nl).toContain(`>${s.orgA.name}</td>`);
    expect(nl).toContain(`>${s.orgB.name}</td>`);
    expect(render("en", data)).toMatch(/<th[^>]*>Organisation<\/th>/);
  });

  it("adds nothing for someone in one organisation", async () => {
    const data = await load(s.applicantA);
    expect(data.showOrganisation).toBe(false);
    const html = render("nl", data);
    expect(html).not.toMatch(/<th[^>]*>Organisatie<\/th>/);
    expect(html).not.toContain(`>${s.orgA.name}</td>`);
  });
});

describe("the dashboard's interim report", () => {
  it("shows the day of the next interim report in Dutch and English, and as passed once late", async () => {
    const { planId } = await grantedScenarioPlan(s);
    // biome-ignore lint/plugin/plan-scope: the test reads its own fixture's period to know the expected day
    const plan = await prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: { periodStart: true, periodEnd: true },
    });
    const [report] = interimReportsDue(plan.periodStart, plan.periodEnd, null);
    const due = report?.dueOn as string;
    const data = await load(s.applicantA);
    const row = data.plans.find((p) => p.id === planId);
    expect(row?.nextDeadline).toMatchObject({ kind: "INTERIM_REPORT_DUE", date: due, afterMonths: 12 });
    const days = row?.nextDeadline?.daysLeft ?? 0;
    expect(days).toBeGreaterThan(1);

    expect(render("nl", data)).toContain(
      `Tussentijds voortgangsverslag na maand 12 uiterlijk ${formatDateIn("nl", due)} (nog ${days} dagen)`,
    );
    expect(render("en", data)).toContain(
      `Interim progress report after month 12 by ${formatDateIn("en", due)} (${days} days left)`,
    );

    // Past its day: the same line, marked as passed.
    const late = {
      ...data,
      plans: data.plans.map((p) =>
        p.id === planId && p.nextDeadline ? { ...p, nextDeadline: { ...p.nextDeadline, daysLeft: -3 } } : p,
      ),
    };
    expect(render("nl", late)).toContain(
      `Tussentijds voortgangsverslag na maand 12 uiterlijk ${formatDateIn("nl", due)} (termijn verstreken)`,
    );
    expect(render("en", late)).toContain(`by ${formatDateIn("en", due)} (term passed)`);
  });
});
