import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { produceSupplementRequestLetter } from "../../domain/documents/supplement-letters.server.ts";
import type { StepKey } from "../../domain/plan/steps/wizard.ts";
import { requestSupplement } from "../../domain/plan/supplement.server.ts";
import { supplementRequestSchema } from "../../domain/plan/supplement.ts";
import { resumeStep } from "../../domain/plan/view.server.ts";
import { cancelReminders } from "../../domain/reminders/reminders.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { draftPlan, submittedPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import ApplicantPlan, { action, loader } from "./plan.tsx";
import WizardLayout, { loader as wizardLoader } from "./wizard/layout.tsx";

/**
 * While a supplement is asked (INFO_REQUESTED) the plan page stays the applicant's way to the
 * letters (the request with its hersteltermijn), the messages, the history and the withdrawal
 * (design.md §4: withdrawal from any state after submission); the wizard links back to it.
 */
let s: Scenario;
const plans: string[] = [];
const ASKED = "Vul de analyse aan met de cijfers van 2026.";

beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  for (const id of plans) await prisma.$transaction((tx) => cancelReminders(tx, id));
  await disconnectPrisma();
});

async function cookie() {
  return (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(";")[0] ?? "";
}
async function get(path: string) {
  return new Request(`http://localhost${path}`, { headers: { Cookie: await cookie() } });
}

/** A submitted plan of organisation A, asked for a supplement on step 3, with the request's letter. */
async function askedPlan() {
  const { id, version } = await submittedPlan(s);
  plans.push(id);
  await requestSupplement(
    s.handler,
    id,
    version,
    supplementRequestSchema.parse({ text: ASKED, steps: ["analysis"], termDays: "14" }),
  );
  const request = await prisma.supplementRequest.findFirstOrThrow({ where: { planId: id } });
  await produceSupplementRequestLetter(request.id);
  return { id, request };
}

type PageData = Awaited<ReturnType<typeof loader>>;
async function loadPage(id: string, query = ""): Promise<PageData | string> {
  return loader({
    request: await get(`/aanvrager/plannen/${id}${query}`),
    params: { planId: id },
    context: {},
  } as never).catch((r: unknown) =>
    r instanceof Response ? `redirect ${r.headers.get("Location")}` : Promise.reject(r),
  );
}

function render(data: PageData, lng: Language = "nl", path = "/aanvrager/plannen/x"): string {
  const Stub = createRoutesStub([
    { id: "plan", path: "/aanvrager/plannen/:planId", Component: ApplicantPlan as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub initialEntries={[path]} hydrationData={{ loaderData: { plan: data } }} />
    </I18nextProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

describe("the plan page while a supplement is asked", () => {
  it("shows the page, not the wizard, with the request, its letter, the withdrawal and the history", async () => {
    const { id, request } = await askedPlan();
    const page = await loadPage(id);
    if (typeof page === "string") throw new Error(`expected the page, got ${page}`);
    const dueOn = amsterdamDate(request.dueAt);
    expect({
      status: page.plan.status,
      supplement: page.plan.supplement,
      withdraw: page.plan.allowedActions.includes("withdraw"),
      letters: page.plan.documents.map((d) => d.kind),
      events: page.plan.events.map((e) => e.event),
    }).toEqual({
      status: "INFO_REQUESTED",
      supplement: {
        text: ASKED,
        steps: ["analysis"],
        requestedAt: request.requestedAt.toISOString(),
        dueOn,
        resumeStep: "analysis",
      },
      withdraw: true,
      letters: expect.arrayContaining(["SUPPLEMENT_REQUEST"]),
      events: ["create", "submit", "request_info"],
    });

    const html = render(page, "nl", `/aanvrager/plannen/${id}`);
    const notice = html.match(/<section aria-labelledby="aanvulling".*?<\/section>/)?.[0] ?? "";
    const [y, m, d] = dueOn.split("-").map(Number);
    const dueText = new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)),
    );
    expect(text(notice)).toContain(`Aanvulling gevraagd, uiterlijk ${dueText}`);
    expect(text(notice)).toContain(ASKED);
    expect(text(notice)).toContain("Weer open om te wijzigen: 3. Analyse en aanpak.");
    expect(text(notice)).toContain(`Verstuur de aanvulling uiterlijk op ${dueText}.`);
    // The notice comes first, its link leads into the wizard at the reopened step.
    expect(html.indexOf('id="aanvulling"')).toBeLessThan(html.indexOf('data-testid="plan-status"'));
    expect(notice).toMatch(
      new RegExp(`<a [^>]*href="/aanvrager/plannen/${id}/stap/analyse"[^>]*>Aanvulling geven</a>`),
    );
    expect(html).toContain(`href="/aanvrager/plannen/${id}/berichten"`);
    expect(html).toContain(`href="/aanvrager/plannen/${id}?intrekken#intrekken"`);
    expect(html).toContain('data-kind="SUPPLEMENT_REQUEST"');
    expect(html).toContain('id="historie"');
    // The draft holds changes not yet sent: the page does not show them as the plan.
    expect(html).not.toContain('id="samenvatting-analysis"');

    const en = text(render(page, "en", `/aanvrager/plannen/${id}`));
    expect(en).toContain("Supplement requested, by");
    expect(en).toContain("Give the supplement");
  });

  it("withdraws the plan through the page: the confirmation, the action, the page after it", async () => {
    const { id } = await askedPlan();
    const confirming = await loadPage(id, "?intrekken");
    if (typeof confirming === "string") throw new Error(`expected the page, got ${confirming}`);
    expect(confirming.confirmingWithdrawal).toBe(true);
    expect(text(render(confirming, "nl", `/aanvrager/plannen/${id}?intrekken`))).toContain(
      "Ja, aanvraag intrekken",
    );

    const body = new URLSearchParams({
      intent: "intrekken",
      version: String(confirming.plan.version),
      reason: "Wij dienen later opnieuw in.",
    });
    const request = new Request(`http://localhost/aanvrager/plannen/${id}?intrekken`, {
      method: "POST",
      headers: { Cookie: await cookie(), "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    const answer = await action({ request, params: { planId: id }, context: {} } as never).catch(
      (r: unknown) => r,
    );
    expect(answer instanceof Response ? answer.headers.get("Location") : answer).toBe(
      `/aanvrager/plannen/${id}?ingetrokken`,
    );
    const after = await loadPage(id, "?ingetrokken");
    if (typeof after === "string") throw new Error(`expected the page, got ${after}`);
    expect({ status: after.plan.status, done: after.done, supplement: after.plan.supplement }).toEqual({
      status: "WITHDRAWN",
      done: "Uw aanvraag is ingetrokken. U ontvangt een bevestiging per brief en e-mail.",
      supplement: null,
    });
  });

  it("a refused withdrawal (a stale version) is shown on the page, which a reload does not leave", async () => {
    const { id } = await askedPlan();
    const request = new Request(`http://localhost/aanvrager/plannen/${id}?intrekken`, {
      method: "POST",
      headers: { Cookie: await cookie(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "intrekken", version: "1", reason: "" }),
    });
    const answer = (await action({ request, params: { planId: id }, context: {} } as never)) as {
      data: { form?: string; formError?: string };
      init: { status: number };
    };
    expect({ form: answer.data.form, status: answer.init.status }).toEqual({
      form: "intrekken",
      status: 409,
    });
    // After an action the loader runs again: it must not send the applicant into the wizard.
    expect(typeof (await loadPage(id, "?intrekken"))).toBe("object");
  });

  it("a draft still opens in the wizard, where its writer left off", async () => {
    const { id } = await draftPlan(s);
    expect(await loadPage(id)).toMatch(new RegExp(`^redirect /aanvrager/plannen/${id}/stap/[a-z]+$`));
  });
});

describe("the wizard while answering a supplement", () => {
  it("links back to the plan page for the letters, the messages and the withdrawal", async () => {
    const { id } = await askedPlan();
    const wizard = await wizardLoader({
      request: await get(`/aanvrager/plannen/${id}/stap/analyse`),
      params: { planId: id },
      context: {},
    } as never);
    const Stub = createRoutesStub([
      { id: "wizard", path: "/aanvrager/plannen/:planId/stap/:slug", Component: WizardLayout as never },
    ]);
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={serverI18n("nl")}>
        <Stub
          initialEntries={[`/aanvrager/plannen/${id}/stap/analyse`]}
          hydrationData={{ loaderData: { wizard } }}
        />
      </I18nextProvider>,
    );
    expect(html).toMatch(
      new RegExp(
        `<a [^>]*href="/aanvrager/plannen/${id}"[^>]*>Terug naar het plan: brieven, berichten, intrekken</a>`,
      ),
    );
  });
});

describe("resumeStep", () => {
  it("opens the reopened step last worked on, else the first reopened one, never a closed step", () => {
    const at = (lastStep: StepKey, saved: StepKey[] = []) => ({ lastStep, saved });
    expect(resumeStep(at("budget"), ["analysis", "budget"])).toBe("budget");
    // Right after the request: step 7 is where the plan was submitted, not where to begin.
    expect(resumeStep(at("submit", ["lead", "analysis", "budget"]), ["analysis", "budget"])).toBe("analysis");
    // A colleague declared again and asked a signatory to send it: step 7.
    expect(resumeStep(at("submit", ["analysis", "submit"]), ["analysis"])).toBe("submit");
    expect(resumeStep(at("lead", ["lead"]), ["measures"])).toBe("measures");
  });
});
