import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { cancelReminders } from "../../domain/reminders/reminders.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import { translateDomainText } from "../../i18n/domain-messages.ts";
import type { Language } from "../../i18n/resources.ts";
import { advisePlan, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import ApplicantPlan, { action, loader } from "./plan.tsx";

/**
 * The start of execution decides whether the grant is withdrawn after six months (art. 5.2), so a
 * signatory reports it, as every act that binds the organisation towards the ministry. A colleague
 * who is no signatory sees no form on the plan page, but why and whom to ask.
 */
let s: Scenario;
let colleague: Actor;
let planId: string;

beforeAll(async () => {
  s = await createScenario();
  colleague = await s.newUser("APPLICANT", s.orgA.id);
  await prisma.roleMembership.updateMany({
    where: { userId: colleague.userId, role: "APPLICANT" },
    data: { isSignatory: false },
  });
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  planId = id;
});
afterAll(async () => {
  await prisma.$transaction((tx) => cancelReminders(tx, planId));
  await disconnectPrisma();
});

async function cookieOf(user: Actor) {
  return (await createUserSession(new Request("http://localhost/"), user.userId)).split(";")[0] ?? "";
}

type PageData = Awaited<ReturnType<typeof loader>>;
async function loadPage(user: Actor): Promise<PageData> {
  return loader({
    request: new Request(`http://localhost/aanvrager/plannen/${planId}`, {
      headers: { Cookie: await cookieOf(user) },
    }),
    params: { planId },
    context: {},
  } as never);
}

function render(data: PageData, lng: Language = "nl"): string {
  const Stub = createRoutesStub([
    { id: "plan", path: "/aanvrager/plannen/:planId", Component: ApplicantPlan as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub
        initialEntries={[`/aanvrager/plannen/${planId}`]}
        hydrationData={{ loaderData: { plan: data } }}
      />
    </I18nextProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
const startSection = (html: string) =>
  html.match(/<section aria-labelledby="uitvoering".*?<\/section>/)?.[0] ?? "";

describe("the start of execution on the applicant's plan page", () => {
  it("shows a colleague who is no signatory no form, but that a signatory reports it (Dutch and English)", async () => {
    const page = await loadPage(colleague);
    expect(page.plan.status).toBe("GRANTED");
    const nl = render(page, "nl");
    const section = startSection(nl);
    expect(text(section)).toContain("Start van de uitvoering melden");
    expect(text(section)).toContain(
      "Alleen een tekenbevoegde van uw organisatie mag de start van de uitvoering melden.",
    );
    expect(text(section)).toContain(
      "Vraag een tekenbevoegde van uw organisatie de startdatum hier te melden.",
    );
    expect(section).not.toContain("<form");
    expect(nl).not.toContain('name="startedOn"');

    const en = startSection(render(page, "en"));
    expect(text(en)).toContain(
      "Only an authorised signatory of your organisation may report the start of execution.",
    );
    expect(text(en)).toContain(
      "Ask an authorised signatory of your organisation to report the start date here.",
    );
    expect(en).not.toContain('name="startedOn"');
  });

  it("shows a signatory the form", async () => {
    const section = startSection(render(await loadPage(s.applicantA), "nl"));
    expect(section).toContain('name="startedOn"');
    expect(text(section)).not.toContain("Vraag een tekenbevoegde");
  });

  it("asks for the start date in the form's words when the post has no date field", async () => {
    const { plan } = await loadPage(s.applicantA);
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}`, {
      method: "POST",
      headers: { Cookie: await cookieOf(s.applicantA), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "start", version: String(plan.version) }),
    });
    const answer = await action({ request, params: { planId }, context: {} } as never);
    expect(JSON.stringify(answer)).toContain("Vul de startdatum in als dag, maand en jaar");
    expect(
      translateDomainText("Vul de startdatum in als dag, maand en jaar, bijvoorbeeld 1-3-2027.", "en"),
    ).not.toMatch(/startdatum/);
  });

  it("refuses the colleague's report sent anyway; the plan stays granted", async () => {
    const { plan } = await loadPage(colleague);
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}`, {
      method: "POST",
      headers: { Cookie: await cookieOf(colleague), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        intent: "start",
        version: String(plan.version),
        startedOn: amsterdamDate(new Date()),
      }),
    });
    const answer = await action({ request, params: { planId }, context: {} } as never).catch(
      (r: unknown) => r,
    );
    expect(answer instanceof Response ? answer.headers.get("Location") : null).not.toBe(
      `/aanvrager/plannen/${planId}?gestart`,
    );
    const after = (await loadPage(s.applicantA)).plan;
    expect({ status: after.status, startedOn: after.executionStartedOn }).toEqual({
      status: "GRANTED",
      startedOn: null,
    });
  });
});
