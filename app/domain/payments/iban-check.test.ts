import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { errorOf } from "../../test/domain-error.ts";
import { advisePlan, announceDecision, completePlan, grantPlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { signUpConfirmed } from "../../test/sign-up.server.ts";
import { signUpSchema } from "../accounts/validation.ts";
import type { Actor } from "../actor.ts";
import type { RuleViolation } from "../errors.ts";
import { amsterdamDate } from "../time/index.ts";
import {
  approveBatch,
  duePayments,
  IBAN_NOT_CHECKED,
  IBAN_NOT_CHECKED_PENDING,
  prepareBatch,
} from "./batches.server.ts";
import {
  decideIbanChange,
  FOUR_EYES_IBAN,
  pendingIbanChanges,
  requestIbanChange,
  SAME_ACCOUNT,
} from "./iban.server.ts";

/**
 * The account an organisation gives at signup is its own word: finance checks it (the same request
 * and approval as a change, "eerste rekeningnummer") before anything is paid on it. Without that
 * check, whoever signs up under another organisation's name would be paid on their own account.
 */

afterAll(async () => {
  await disconnectPrisma();
});

const SIGNUP_IBAN = "NL20INGB0001234567";
const kvk = () => String(Math.floor(10_000_000 + Math.random() * 89_999_999));
const today = () => amsterdamDate(new Date());

/** Scenario `s` with organisation A replaced by one fresh from signup, its founder as applicant A. */
async function signedUp(s: Scenario): Promise<Scenario> {
  const input = signUpSchema.parse({
    organisationName: `Stichting Nieuw ${s.tag}`,
    kvkNumber: kvk(),
    legalForm: "Stichting",
    street: "Straat 1",
    postalCode: "1234 AB",
    city: "Den Haag",
    iban: SIGNUP_IBAN,
    name: "Olga Oprichter",
    email: `oprichter-${randomUUID()}@example.nl`,
    password: "Sectorplan!2026-lang",
    passwordRepeat: "Sectorplan!2026-lang",
  });
  const { userId, organisationId } = await signUpConfirmed(input);
  const orgA = await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } });
  const applicantA: Actor = { userId, roles: ["APPLICANT"], organisationIds: [organisationId] };
  return { ...s, orgA, applicantA };
}

/** A fresh organisation's granted plan, its beschikking made known: its first advance is due today. */
async function dueAdvance(s: Scenario): Promise<{ planId: string; paymentId: string }> {
  const { id, version } = await completePlan(s);
  await grantPlan(s, id, await advisePlan(s, id, version));
  await announceDecision(id);
  const due = (await duePayments(prisma)).find((p) => p.planId === id);
  if (!due) throw new Error("no advance due");
  return { planId: id, paymentId: due.id };
}

async function blockedOf(paymentId: string): Promise<string | null | undefined> {
  return (await duePayments(prisma)).find((p) => p.id === paymentId)?.blocked;
}

async function firstRequestOf(organisationId: string) {
  return prisma.ibanChangeRequest.findFirstOrThrow({
    where: { organisationId, status: "PENDING" },
  });
}

describe("the account given at signup is checked by finance before the first payment", () => {
  it("signup files the account as a pending request for finance, its first account", async () => {
    const s = await signedUp(await createScenario());
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    expect(org.iban).toBe(SIGNUP_IBAN);
    expect(org.ibanCheckedAt).toBeNull();
    const request = await firstRequestOf(s.orgA.id);
    expect(request).toMatchObject({
      iban: SIGNUP_IBAN,
      previousIban: "",
      accountHolder: s.orgA.name,
      requestedById: s.applicantA.userId,
    });
    // Finance's list shows it, with the organisation's name.
    const listed = (await pendingIbanChanges(prisma)).find((r) => r.id === request.id);
    expect(listed).toMatchObject({ organisationName: s.orgA.name, previousIban: "", iban: SIGNUP_IBAN });
    const audit = await prisma.auditLog.findMany({
      where: { targetType: "Organisation", targetId: s.orgA.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(["iban_change_requested", "organisation.signed-up"]);
  });

  it("held at preparation until finance approves it; then paid on that account", async () => {
    const s = await signedUp(await createScenario());
    const { paymentId } = await dueAdvance(s);
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];

    expect(await blockedOf(paymentId)).toBe(IBAN_NOT_CHECKED_PENDING);
    const refused = await errorOf(
      prepareBatch(preparer, { paymentIds: [paymentId], executionDate: today() }),
    );
    expect(refused.status).toBe(422);
    expect(refused.message).toContain(IBAN_NOT_CHECKED_PENDING);
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("PLANNED");

    const request = await firstRequestOf(s.orgA.id);
    await decideIbanChange(approver, request.id, { approve: true });
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    expect(org.ibanCheckedAt).not.toBeNull();
    expect(org.ibanCheckedById).toBe(approver.userId);
    expect(await blockedOf(paymentId)).toBeNull();

    const batch = await prepareBatch(preparer, { paymentIds: [paymentId], executionDate: today() });
    await approveBatch(approver, batch.id);
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
      status: "PAID",
      iban: SIGNUP_IBAN,
    });
    const told = await prisma.notification.findMany({
      where: { userId: s.applicantA.userId, title: "Rekeningnummer goedgekeurd" },
    });
    expect(told).toHaveLength(1);
  });

  it("held at approval too: a batch whose organisation's account is not approved is refused", async () => {
    // Prepared while the account was approved; the check is made again under the batch's locks,
    // where the money goes out, as paymentHoldReason's is.
    const s = await createScenario();
    const { paymentId } = await dueAdvance(s);
    const [preparer, approver] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const batch = await prepareBatch(preparer, { paymentIds: [paymentId], executionDate: today() });
    await prisma.organisation.update({ where: { id: s.orgA.id }, data: { ibanCheckedAt: null } });

    const refused = await errorOf(approveBatch(approver, batch.id));
    expect(refused.code).toBe("STALE_BATCH_IBAN_UNCHECKED");
    expect(refused.message).toContain(
      "Financiën heeft het rekeningnummer van de organisatie niet goedgekeurd",
    );
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("IN_BATCH");
    expect((await prisma.paymentBatch.findUniqueOrThrow({ where: { id: batch.id } })).status).toBe(
      "PREPARED",
    );
  });

  it("a rejection keeps it held; the organisation is told why, and offers an account again (four eyes)", async () => {
    const s = await signedUp(await createScenario());
    const { paymentId } = await dueAdvance(s);
    const [financeA, financeB] = [await s.newUser("FINANCE"), await s.newUser("FINANCE")];
    const reason = "De rekening staat niet op naam van de stichting.";

    await decideIbanChange(financeA, (await firstRequestOf(s.orgA.id)).id, { approve: false, reason });
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    expect(org.ibanCheckedAt).toBeNull();
    expect(await blockedOf(paymentId)).toBe(IBAN_NOT_CHECKED);
    const refused = await errorOf(
      prepareBatch(financeA, { paymentIds: [paymentId], executionDate: today() }),
    );
    expect(refused.message).toContain(IBAN_NOT_CHECKED);

    const told = await prisma.notification.findMany({
      where: { userId: s.applicantA.userId, title: "Rekeningnummer afgewezen" },
    });
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toContain(reason);
    expect(told[0]?.body).toContain("Wij betalen niets uit");

    // Offered again (here by finance for the organisation, the same number with the holder put
    // right): still a first account, and the one who filed it may not approve it.
    const { id } = await requestIbanChange(financeA, {
      organisationId: s.orgA.id,
      iban: SIGNUP_IBAN,
      accountHolder: `${s.orgA.name} (rekening 1)`,
    });
    expect((await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id } })).previousIban).toBe("");
    expect(await blockedOf(paymentId)).toBe(IBAN_NOT_CHECKED_PENDING);
    const own = await errorOf(decideIbanChange(financeA, id, { approve: true }));
    expect(own.message).toBe(FOUR_EYES_IBAN);
    await decideIbanChange(financeB, id, { approve: true });
    expect(await blockedOf(paymentId)).toBeNull();
  });

  it("an approved account is a change again: the same number is refused, another one replaces it", async () => {
    const s = await signedUp(await createScenario());
    const finance = await s.newUser("FINANCE");
    await decideIbanChange(finance, (await firstRequestOf(s.orgA.id)).id, { approve: true });
    const same = await errorOf(
      requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: SIGNUP_IBAN,
        accountHolder: ` ${s.orgA.name} `,
      }),
    );
    expect(same.message).toBe(SAME_ACCOUNT);
    expect((same as RuleViolation).field).toBe("iban");
    const { id } = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: "NL02ABNA0123456789",
      accountHolder: s.orgA.name,
    });
    expect((await prisma.ibanChangeRequest.findUniqueOrThrow({ where: { id } })).previousIban).toBe(
      SIGNUP_IBAN,
    );
  });

  it("the approved account with another holder's name is a change of its own, held and checked like one", async () => {
    const s = await signedUp(await createScenario());
    const financeA = await s.newUser("FINANCE");
    const financeB = await s.newUser("FINANCE");
    await decideIbanChange(financeA, (await firstRequestOf(s.orgA.id)).id, { approve: true });
    const { paymentId } = await dueAdvance(s);
    const holder = `Beheerstichting ${s.tag}`;
    const titles = async () =>
      (
        await prisma.notification.findMany({
          where: { userId: s.applicantA.userId },
          orderBy: { createdAt: "asc" },
        })
      )
        .map((n) => [n.title, n.body])
        .slice(1);

    // Rejected: the holder stays as it was, and the organisation is told which change was refused.
    const first = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: SIGNUP_IBAN,
      accountHolder: holder,
    });
    expect(await blockedOf(paymentId)).not.toBeNull();
    await decideIbanChange(financeA, first.id, { approve: false, reason: "Naam onbekend bij de bank" });
    expect((await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } })).accountHolder).toBe(
      s.orgA.name,
    );
    // Approved: the number stays, the holder's name is the bank file's payee from now on.
    const second = await requestIbanChange(s.applicantA, {
      organisationId: s.orgA.id,
      iban: SIGNUP_IBAN,
      accountHolder: holder,
    });
    expect(await blockedOf(paymentId)).not.toBeNull();
    await decideIbanChange(financeB, second.id, { approve: true });
    const org = await prisma.organisation.findUniqueOrThrow({ where: { id: s.orgA.id } });
    expect([org.iban, org.accountHolder]).toEqual([SIGNUP_IBAN, holder]);
    expect(await blockedOf(paymentId)).toBeNull();
    expect((await duePayments(prisma)).find((p) => p.id === paymentId)?.payeeName).toBe(holder);
    expect(await titles()).toEqual([
      [
        "Wijziging van de rekeninghouder afgewezen",
        expect.stringContaining(
          `IBAN NL20 INGB 0001 2345 67, in ${holder} afgewezen. Reden: Naam onbekend bij de bank.`,
        ),
      ],
      ["Rekeninghouder gewijzigd", expect.stringContaining(`in ${holder} goedgekeurd`)],
    ]);
    // Asked again with the name it now has: nothing to change.
    const same = await errorOf(
      requestIbanChange(s.applicantA, {
        organisationId: s.orgA.id,
        iban: SIGNUP_IBAN,
        accountHolder: holder,
      }),
    );
    expect(same.message).toBe(SAME_ACCOUNT);
  });
});
