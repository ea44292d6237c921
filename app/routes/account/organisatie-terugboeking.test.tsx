import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../../domain/actor.ts";
import { setClock } from "../../domain/clock.ts";
import { approveBatch, duePayments, prepareBatch } from "../../domain/payments/batches.server.ts";
import { decideIbanChange, requestIbanChange } from "../../domain/payments/iban.server.ts";
import { recordPaymentReturn } from "../../domain/payments/returns.server.ts";
import { amsterdamDate } from "../../domain/time/index.ts";
import { serverI18n } from "../../entry.server.tsx";
import type { Language } from "../../i18n/resources.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario } from "../../test/scenario.server.ts";
import OrganisationPage, { loader } from "./organisatie.tsx";

/**
 * After the bank sent a payment back because of the account (AC01, AC04, AC06) the account is
 * unapproved again: the organisation page says why — which payment, when, the bank's reason — and
 * what to do, instead of "not yet approved" beside the approval the return undid.
 */
afterEach(() => setClock(null));

type PageData = NonNullable<Awaited<ReturnType<typeof loader>>>;

async function load(who: Actor): Promise<PageData> {
  const cookie = (await createUserSession(new Request("http://localhost/"), who.userId)).split(";")[0];
  const request = new Request("http://localhost/aanvrager/organisatie", {
    headers: { Cookie: cookie ?? "" },
  });
  return (await loader({ request, params: {}, context: {} } as never)) as PageData;
}

function text(lng: Language, loaderData: PageData): string {
  const Stub = createRoutesStub([
    { id: "organisatie", path: "/aanvrager/organisatie", Component: OrganisationPage as never },
  ]);
  return renderToStaticMarkup(
    <I18nextProvider i18n={serverI18n(lng)}>
      <Stub
        initialEntries={["/aanvrager/organisatie"]}
        hydrationData={{ loaderData: { organisatie: loaderData } }}
      />
    </I18nextProvider>,
  );
}

const long = (d: Date) =>
  new Intl.DateTimeFormat("nl-NL", { timeZone: "Europe/Amsterdam", dateStyle: "long" }).format(d);

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

describe("the organisation page after a bank return for the account", () => {
  it("names the returned payment, its date and the bank's reason, shows the IBAN, and no longer the undone approval", async () => {
    const s = await createScenario();
    const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    // An approved account, as the page showed it before the return.
    const { id: requestId } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(finance[1], requestId, { approve: true });
    const { id: planId, version } = await completePlan(s);
    const advised = await advisePlan(s, planId, version);
    await grantPlan(s, planId, advised);
    await announceDecision(planId);
    const [due] = (await duePayments(prisma)).filter((p) => p.planId === planId);
    if (!due) throw new Error("no advance due");
    const batch = await prepareBatch(finance[0], {
      paymentIds: [due.id],
      executionDate: amsterdamDate(new Date()),
    });
    await approveBatch(finance[1], batch.id);

    const before = await load(s.applicantA);
    expect(before.bankReturn).toBeNull();
    expect(plain(text("nl", before))).toContain("Uw wijziging naar IBAN NL02 ABNA 0123 4567 89 is op");

    const plan = { reference: due.planReference };
    // The bank's return reaches finance days after the payment: the page names both days.
    const returnedAt = new Date(Date.now() + 9 * 24 * 3600 * 1000);
    setClock(returnedAt);
    await recordPaymentReturn(finance[0], due.id, { reasonCode: "AC04", note: "" });
    const after = await load(s.applicantA);
    expect(after.ibanChecked).toBe(false);
    expect(after.bankReturn).toMatchObject({
      description: `Voorschot 1 sectorplan ${plan.reference}`,
      reasonCode: "AC04",
    });

    const paid = await prisma.payment.findUniqueOrThrow({ where: { id: due.id }, select: { paidAt: true } });
    const nl = plain(text("nl", after));
    expect(nl).toContain(
      `De bank heeft de betaling “Voorschot 1 sectorplan ${plan.reference}” van ${long(paid.paidAt as Date)} op ${long(returnedAt)} teruggestuurd (reden van de bank: Rekening opgeheven (AC04)), dus Financiën moet het rekeningnummer van uw organisatie opnieuw goedkeuren`,
    );
    expect(nl).toContain("controleer of IBAN NL02 ABNA 0123 4567 89 klopt");
    // Neither "not yet approved" nor the approval the return undid.
    expect(nl).not.toContain("nog geen rekeningnummer van uw organisatie goedgekeurd");
    expect(nl).not.toContain("goedgekeurd door Financiën.");

    const enHtml = text("en", after);
    expect(enHtml).toContain(`<span lang="nl">“Voorschot 1 sectorplan ${plan.reference}”</span>`);
    const en = plain(enHtml);
    expect(en).toContain("The bank sent back the payment");
    expect(en).toContain("(the bank's reason: Account closed (AC04)), so Finance must approve");
    expect(en).toContain("check that IBAN NL02 ABNA 0123 4567 89 is correct");
    expect(en).not.toContain("Finance has not yet approved");

    // Approved again: the return is history, the page shows the account paid on.
    const { id: again } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await decideIbanChange(finance[1], again, { approve: true });
    const approved = await load(s.applicantA);
    expect(approved.bankReturn).toBeNull();
    expect(plain(text("nl", approved))).not.toContain("De bank heeft de betaling");
  });

  it("a return for a reason that is not the account's leaves the page as it was", async () => {
    const s = await createScenario();
    const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const { id: planId, version } = await completePlan(s);
    const advised = await advisePlan(s, planId, version);
    await grantPlan(s, planId, advised);
    await announceDecision(planId);
    const [due] = (await duePayments(prisma)).filter((p) => p.planId === planId);
    if (!due) throw new Error("no advance due");
    const batch = await prepareBatch(finance[0], {
      paymentIds: [due.id],
      executionDate: amsterdamDate(new Date()),
    });
    await approveBatch(finance[1], batch.id);
    await recordPaymentReturn(finance[0], due.id, { reasonCode: "MS03", note: "" });
    const page = await load(s.applicantA);
    expect(page.ibanChecked).toBe(true);
    expect(page.bankReturn).toBeNull();
  });
});

describe("the organisation page when a return for the account meets a change of it", () => {
  /** Organisation A's first advance paid on the scenario's account, which B shares. */
  async function paid() {
    const s = await createScenario();
    const finance: [Actor, Actor] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const { id: planId, version } = await completePlan(s);
    await grantPlan(s, planId, await advisePlan(s, planId, version));
    await announceDecision(planId);
    const [due] = (await duePayments(prisma)).filter((p) => p.planId === planId);
    if (!due) throw new Error("no advance due");
    const batch = await prepareBatch(finance[0], {
      paymentIds: [due.id],
      executionDate: amsterdamDate(new Date()),
    });
    await approveBatch(finance[1], batch.id);
    return { s, finance, paymentId: due.id };
  }

  it("a change rejected after the return says nothing is paid, not that we pay on the account above", async () => {
    const { s, finance, paymentId } = await paid();
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" });
    await decideIbanChange(finance[1], id, { approve: false, reason: "Naam onbekend bij de bank" });
    const page = await load(s.applicantA);
    expect(page.ibanChecked).toBe(false);
    const nl = plain(text("nl", page));
    expect(nl).toContain("Uw wijziging naar IBAN NL02 ABNA 0123 4567 89 is op");
    expect(nl).not.toContain("Wij betalen op het rekeningnummer hierboven");
    expect(nl).toContain(
      "Wij betalen niets uit tot Financiën een rekeningnummer van uw organisatie opnieuw heeft goedgekeurd.",
    );
    const en = plain(text("en", page));
    expect(en).not.toContain("We pay into the account number above");
    expect(en).toContain(
      "We pay nothing until Finance has approved a bank account number of your organisation again.",
    );
  });

  it("a change of the holder's name pending at the return is shown set aside, with the bank's reason", async () => {
    const { s, finance, paymentId } = await paid();
    const holder = `Beheerstichting ${s.tag}`;
    await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: s.orgA.iban,
      accountHolder: holder,
    });
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC04", note: "" });
    const page = await load(s.applicantA);
    expect(page.pendingIban).toBeNull();
    const nl = plain(text("nl", page));
    expect(nl).toContain(
      `Uw wijziging van de rekeninghouder van IBAN NL91 ABNA 0417 1643 00 in ${holder} is op`,
    );
    expect(nl).toContain(
      "Reden van de afwijzing: De bank heeft een betaling op dit rekeningnummer teruggestuurd",
    );
    expect(nl).toContain("Wij betalen niets uit tot");
    // The form to give the account again.
    expect(nl).toContain("Rekeningnummer ter controle opgeven");
  });

  it("another organisation on the account no longer reads its undone approval", async () => {
    const { s, finance, paymentId } = await paid();
    const { id } = await requestIbanChange(s.applicantB, {
      organisationId: s.orgB.id,
      iban: s.orgB.iban,
      accountHolder: `Beheerstichting ${s.tag}`,
    });
    await decideIbanChange(finance[1], id, { approve: true });
    expect(plain(text("nl", await load(s.applicantB)))).toContain("goedgekeurd door Financiën.");
    await recordPaymentReturn(finance[0], paymentId, { reasonCode: "AC06", note: "" });
    const page = await load(s.applicantB);
    expect(page.ibanChecked).toBe(false);
    const nl = plain(text("nl", page));
    expect(nl).not.toContain("goedgekeurd door Financiën.");
    expect(nl).toContain("Wij betalen niets uit tot dat is gebeurd");
  });
});
