import { prisma, type Tx } from "../../db/client.server.ts";
import { isSignatory } from "../accounts/organisation.server.ts";
import { organisationPageOf } from "../accounts/organisation-links.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from "../errors.ts";
import { notifyOrganisation } from "../notifications/notify.server.ts";
import { FourEyesError, payeeNameOf, sharedIbans } from "./batches.server.ts";
import { checkIban, formatIban } from "./iban.ts";
import { sepaText } from "./sepa.server.ts";

/**
 * Changing an organisation's bank account, the usual route of payment fraud: a signatory of the
 * organisation (or a finance user) requests it, and it takes effect only when a finance user other
 * than the requester approves it. Until then Organisation.iban stays as it was and the
 * organisation's payments are held back (batches.server.ts). Every step writes its AuditLog row in
 * the same transaction.
 *
 * The first account, given at signup, goes the same way: signup files it as a request with an
 * empty previousIban (the "eerste rekeningnummer"), and until finance approved one
 * (Organisation.ibanCheckedAt) nothing is paid to the organisation at all.
 */

type Db = typeof prisma | Tx;

export const HOLDER_NOT_SEPA =
  "De naam van de rekeninghouder heeft geen letters die een SEPA-betaling kan dragen; schrijf hem in Latijnse letters, zoals bij de bank.";

export const FOUR_EYES_IBAN =
  "U heeft deze wijziging zelf aangevraagd. Een andere medewerker van Financiën moet hem beoordelen (vier-ogenprincipe).";

/** Whether a request is for the organisation's first account (nothing approved before it). */
export const isFirstIban = (request: { previousIban: string }) => request.previousIban === "";

/** Whether a request changes only the holder's name of the approved account (its number unchanged). */
export const isHolderChange = (request: { previousIban: string; iban: string }) =>
  request.previousIban === request.iban;

async function audit(tx: Tx, actorId: string, action: AuditAction, organisationId: string, details: object) {
  await tx.auditLog.create({
    data: {
      actorId,
      action,
      targetType: "Organisation",
      targetId: organisationId,
      details,
      createdAt: now(),
    },
  });
}

export async function requestIbanChange(
  actor: Actor,
  input: { organisationId: string; iban: string; accountHolder: string },
): Promise<{ id: string }> {
  const checked = checkIban(input.iban);
  if (!checked.ok) throw new RuleViolation(checked.message, "iban");
  const holder = input.accountHolder.trim();
  if (!holder) throw new RuleViolation("Vul de naam van de rekeninghouder in.", "accountHolder");
  if (holder.length > 70)
    throw new RuleViolation(
      "De naam van de rekeninghouder is te lang (ten hoogste 70 tekens).",
      "accountHolder",
    );
  // The holder's name is the payee name of the bank file (prepareBatch), which carries only the
  // Latin basic set: a name of other characters only would leave it empty, which a bank refuses.
  if (sepaText(holder, 70) === "") throw new RuleViolation(HOLDER_NOT_SEPA, "accountHolder");

  return prisma.$transaction(async (tx) => {
    // The organisation row is the lock: two requests at once cannot both find "nothing pending",
    // and a signatory right taken away meanwhile (setSignatory locks this row too) is seen below.
    const rows = await tx.$queryRaw<
      { iban: string; ibanCheckedAt: Date | null; name: string; accountHolder: string | null }[]
    >`
      SELECT iban, "ibanCheckedAt", name, "accountHolder" FROM "Organisation"
      WHERE id = ${input.organisationId} FOR UPDATE`;
    if (!actor.roles.includes("FINANCE") && !(await isSignatory(actor.userId, input.organisationId, tx)))
      throw new ForbiddenError(
        "Alleen een tekenbevoegde van de organisatie mag het rekeningnummer wijzigen.",
      );
    const org = rows[0];
    if (!org) throw new NotFoundError("Deze organisatie bestaat niet.");
    // An account finance never approved (the first one was rejected) replaces nothing: the request
    // is again for a first account, and may even be the same number, e.g. with the holder's name
    // put right. The approved account with another holder's name is a change too: a bank may
    // refuse a transfer whose payee does not match the account, so the name is put right the
    // way the number is, checked by finance.
    const previousIban = org.ibanCheckedAt ? org.iban : "";
    if (previousIban === checked.iban && payeeNameOf(org) === holder)
      throw new RuleViolation(SAME_ACCOUNT, "iban");
    const pending = await tx.ibanChangeRequest.findFirst({
      where: { organisationId: input.organisationId, status: "PENDING" },
    });
    if (pending && (await requesterStands(tx, pending)))
      throw new ConflictError(
        "Er staat al een wijziging van het rekeningnummer open. Wacht tot Financiën die heeft beoordeeld.",
      );
    // Filed by someone the organisation no longer stands behind (access ended, signing right taken
    // away, account switched off): it would block the organisation's own request until finance
    // acted, and finance could still approve an account a former member typed. The new request
    // takes its place.
    if (pending) await setAsideStaleRequest(tx, actor.userId, pending);
    return fileRequest(tx, {
      organisationId: input.organisationId,
      iban: checked.iban,
      accountHolder: holder,
      previousIban,
      requestedById: actor.userId,
    });
  });
}

/** Refused: the approved account with the same holder's name would change nothing. */
export const SAME_ACCOUNT = "Dit rekeningnummer is al bij ons bekend, met deze rekeninghouder.";

async function fileRequest(
  tx: Tx,
  data: {
    organisationId: string;
    iban: string;
    accountHolder: string;
    previousIban: string;
    requestedById: string;
  },
): Promise<{ id: string }> {
  const request = await tx.ibanChangeRequest.create({
    data: { ...data, requestedAt: now() },
    select: { id: true },
  });
  await audit(tx, data.requestedById, "iban_change_requested", data.organisationId, {
    requestId: request.id,
    previousIban: data.previousIban,
    iban: data.iban,
    accountHolder: data.accountHolder,
  });
  return request;
}

/**
 * The account an organisation gives at signup, in signup's own transaction: filed for finance's
 * check as its first account, in the organisation's name (the name finance checks the account
 * holder against). The founder is its requester, so the four-eyes rule of decideIbanChange holds.
 */
export async function requestFirstIban(
  tx: Tx,
  input: { organisationId: string; organisationName: string; iban: string; requestedById: string },
): Promise<{ id: string }> {
  return fileRequest(tx, {
    organisationId: input.organisationId,
    iban: input.iban,
    accountHolder: input.organisationName.slice(0, 70),
    previousIban: "",
    requestedById: input.requestedById,
  });
}

export { ORGANISATION_PAGE } from "../accounts/organisation-links.ts";

const asSentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Said of a rejected change when the organisation has no approved account (the bank sent a payment
 * back for it since the change was asked): the account we knew is not paid on either.
 */
const NOTHING_PAID =
  "Wij betalen niets uit tot Financiën een rekeningnummer van uw organisatie opnieuw heeft goedgekeurd; geef het op de pagina van uw organisatie opnieuw op.";

/**
 * What the organisation's users are told of the decision; `reason` is null for an approval.
 * `checked`: whether the organisation has an approved account after the decision.
 */
function decisionNotice(
  request: { iban: string; previousIban: string; organisationId: string; accountHolder: string },
  organisationName: string,
  reason: string | null,
  checked: boolean,
) {
  const iban = formatIban(request.iban);
  // The organisation by name and by link: one account may belong to two.
  const link = organisationPageOf(request.organisationId);
  const ofOrganisation = `het rekeningnummer van ${organisationName}`;
  if (isFirstIban(request))
    return reason === null
      ? {
          title: "Rekeningnummer goedgekeurd",
          body: `Financiën heeft ${ofOrganisation}, IBAN ${iban}, gecontroleerd en goedgekeurd. Wij betalen de subsidie op deze rekening.`,
          link,
        }
      : {
          title: "Rekeningnummer afgewezen",
          body:
            `Financiën heeft ${ofOrganisation}, IBAN ${iban}, afgewezen. Reden: ${asSentence(reason)} ` +
            "Wij betalen niets uit tot Financiën een rekeningnummer van uw organisatie heeft goedgekeurd; geef het op de pagina van uw organisatie opnieuw op.",
          link,
        };
  if (isHolderChange(request))
    return reason === null
      ? {
          title: "Rekeninghouder gewijzigd",
          body: `Financiën heeft de wijziging van de rekeninghouder van ${ofOrganisation}, IBAN ${iban}, in ${request.accountHolder} goedgekeurd. Wij betalen voortaan aan deze rekeninghouder.`,
          link,
        }
      : {
          title: "Wijziging van de rekeninghouder afgewezen",
          body:
            `Financiën heeft de wijziging van de rekeninghouder van ${ofOrganisation}, IBAN ${iban}, in ${request.accountHolder} afgewezen. ` +
            `Reden: ${asSentence(reason)} ${checked ? "Wij betalen op deze rekening aan de rekeninghouder die wij al kenden." : NOTHING_PAID}`,
          link,
        };
  return reason === null
    ? {
        title: "Rekeningnummer gewijzigd",
        body: `Financiën heeft de wijziging van ${ofOrganisation} naar IBAN ${iban} goedgekeurd. Wij betalen voortaan op deze rekening.`,
        link,
      }
    : {
        title: "Wijziging van het rekeningnummer afgewezen",
        body:
          `Financiën heeft de wijziging van ${ofOrganisation} naar IBAN ${iban} afgewezen. ` +
          `Reden: ${asSentence(reason)} ${checked ? `Wij betalen op IBAN ${formatIban(request.previousIban)}.` : NOTHING_PAID}`,
        link,
      };
}

/** Why a request filed by someone no longer standing for the organisation is set aside. */
export const STALE_IBAN_REQUEST_REASON =
  "Aangevraagd door iemand die niet meer tekenbevoegd is voor de organisatie.";

/**
 * Whether the organisation still stands behind a request: its requester is still an active
 * signatory of it, or an active finance user (finance may file one for an organisation).
 */
async function requesterStands(
  tx: Tx,
  request: { requestedById: string; organisationId: string },
): Promise<boolean> {
  const finance = await tx.roleMembership.findFirst({
    where: { userId: request.requestedById, role: "FINANCE", user: { active: true } },
    select: { id: true },
  });
  return finance !== null || isSignatory(request.requestedById, request.organisationId, tx);
}

/**
 * Sets aside, at the moment it happens, the open requests of someone who stops standing for these
 * organisations (endMembership, setSignatory, setUserActive call it in their transaction): judged
 * only when finance decides, a request of a former member came back to life the day they were
 * invited back and trusted again, an account typed before they left. The caller holds the
 * organisations' row locks, which decideIbanChange and requestIbanChange take first too.
 * Returns how many were set aside.
 */
export async function setAsideRequestsOf(
  tx: Tx,
  actorId: string,
  userId: string,
  organisationIds: readonly string[],
): Promise<number> {
  const pending = await tx.ibanChangeRequest.findMany({
    where: { requestedById: userId, organisationId: { in: [...organisationIds] }, status: "PENDING" },
    select: { id: true, organisationId: true, previousIban: true, iban: true, requestedById: true },
  });
  let setAside = 0;
  for (const request of pending) {
    if (await requesterStands(tx, request)) continue;
    await setAsideStaleRequest(tx, actorId, request);
    setAside++;
  }
  return setAside;
}

/**
 * Rejects a pending request without a finance decision, with `reason` (shown on the organisation's
 * page), and audits it. The caller holds the organisation's row lock.
 */
export async function setAsideStaleRequest(
  tx: Tx,
  actorId: string,
  request: { id: string; organisationId: string; previousIban: string; iban: string },
  reason: string = STALE_IBAN_REQUEST_REASON,
): Promise<void> {
  await tx.ibanChangeRequest.update({
    where: { id: request.id },
    data: { status: "REJECTED", decidedAt: now(), rejectionReason: reason },
  });
  await audit(tx, actorId, "iban_change_rejected", request.organisationId, {
    requestId: request.id,
    previousIban: request.previousIban,
    iban: request.iban,
    reason,
  });
}

/**
 * Goedkeuren or afwijzen (with a reason) by a finance user who did not request the change. The
 * organisation's users are told in the portal, in the same transaction, with the reason of a
 * rejection: until then they only knew it was pending, and payments were held for it.
 */
export async function decideIbanChange(
  actor: Actor,
  requestId: string,
  decision: { approve: true } | { approve: false; reason: string },
): Promise<void> {
  if (!actor.roles.includes("FINANCE"))
    throw new ForbiddenError("Alleen Financiën beoordeelt rekeningnummers.");
  const reason = decision.approve ? null : decision.reason.trim();
  if (reason === "") throw new RuleViolation("Schrijf waarom u de wijziging afwijst.", "reason");
  await prisma.$transaction(async (tx) => {
    // The organisation first, as requestIbanChange, setSignatory and endMembership lock it, then the
    // request: one order, and a signing right taken away meanwhile is seen below. Not a share lock
    // as theirs: an approval writes the organisation row, and two finance users deciding the same
    // request under share locks would each wait for the other's (a deadlock); this one makes the
    // second wait and then find the request decided.
    const target = await tx.ibanChangeRequest.findUnique({
      where: { id: requestId },
      select: { organisationId: true },
    });
    if (!target) throw new NotFoundError("Deze wijziging bestaat niet.");
    await tx.$queryRaw`SELECT id FROM "Organisation" WHERE id = ${target.organisationId} FOR NO KEY UPDATE`;
    await tx.$queryRaw`SELECT id FROM "IbanChangeRequest" WHERE id = ${requestId} FOR UPDATE`;
    const request = await tx.ibanChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
    if (request.status !== "PENDING") throw new ConflictError("Deze wijziging is al beoordeeld.");
    if (request.requestedById === actor.userId) throw new FourEyesError(FOUR_EYES_IBAN);
    // An account typed by someone who has since left (or lost the signing right) is not one the
    // organisation asks for: it may be rejected, not approved. Such a request is set aside when
    // its requester stops standing (setAsideRequestsOf); this still holds for one left from before
    // that, or for a finance user's whose role went (changeStaffRoles sets nothing aside).
    if (decision.approve && !(await requesterStands(tx, request)))
      throw new RuleViolation(
        "Wie deze wijziging aanvroeg, is niet meer tekenbevoegd voor de organisatie. Wijs de wijziging af; de organisatie kan een nieuwe aanvragen.",
      );
    const at = now();
    await tx.ibanChangeRequest.update({
      where: { id: requestId },
      data: {
        status: decision.approve ? "APPROVED" : "REJECTED",
        decidedById: actor.userId,
        decidedAt: at,
        rejectionReason: reason,
      },
    });
    if (decision.approve) {
      // The holder with the account: finance approved the two together, and the bank file names
      // this holder as the payee of this IBAN (prepareBatch).
      await tx.organisation.update({
        where: { id: request.organisationId },
        data: {
          iban: request.iban,
          accountHolder: request.accountHolder,
          ibanCheckedAt: at,
          ibanCheckedById: actor.userId,
        },
      });
    }
    await audit(
      tx,
      actor.userId,
      decision.approve ? "iban_change_approved" : "iban_change_rejected",
      request.organisationId,
      {
        requestId,
        previousIban: request.previousIban,
        iban: request.iban,
        accountHolder: request.accountHolder,
        reason,
      },
    );
    const { name, ibanCheckedAt } = await tx.organisation.findUniqueOrThrow({
      where: { id: request.organisationId },
      select: { name: true, ibanCheckedAt: true },
    });
    await notifyOrganisation(
      tx,
      request.organisationId,
      decisionNotice(request, name, reason, ibanCheckedAt !== null),
    );
  });
}

export type PendingIbanChange = {
  id: string;
  organisationId: string;
  organisationName: string;
  /** Empty for the organisation's first account (isFirstIban). */
  previousIban: string;
  iban: string;
  accountHolder: string;
  /** Whom we pay now (payeeNameOf): beside the new holder, for a change of the name only. */
  currentHolder: string;
  requestedById: string;
  requestedBy: string;
  requestedAt: Date;
  sharedWith: string[];
};

export async function pendingIbanChanges(db: Db): Promise<PendingIbanChange[]> {
  const rows = await db.ibanChangeRequest.findMany({
    where: { status: "PENDING" },
    orderBy: { requestedAt: "asc" },
    include: { organisation: { select: { name: true, accountHolder: true } } },
  });
  const users = await db.user.findMany({
    where: { id: { in: rows.map((r) => r.requestedById) } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((u) => [u.id, u.name]));
  const shared = await sharedIbans(db, [...new Set(rows.map((r) => r.organisationId))]);
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisationId,
    organisationName: r.organisation.name,
    previousIban: r.previousIban,
    iban: r.iban,
    accountHolder: r.accountHolder,
    currentHolder: payeeNameOf(r.organisation),
    requestedById: r.requestedById,
    requestedBy: names.get(r.requestedById) ?? "onbekend",
    requestedAt: r.requestedAt,
    sharedWith: shared.get(r.organisationId) ?? [],
  }));
}

/** The open request of one organisation, for its own page. */
export async function pendingIbanChangeOf(db: Db, organisationId: string) {
  return db.ibanChangeRequest.findFirst({
    where: { organisationId, status: "PENDING" },
    select: { id: true, iban: true, previousIban: true, accountHolder: true, requestedAt: true },
  });
}

/**
 * The organisation's most recently decided request, for its own page: whether it was approved or
 * rejected, when, and why not; the same IBAN as before (previousIban) with its holder is a change
 * of the holder's name only.
 */
export async function latestDecidedIbanChangeOf(db: Db, organisationId: string) {
  return db.ibanChangeRequest.findFirst({
    where: { organisationId, status: { in: ["APPROVED", "REJECTED"] } },
    orderBy: [{ decidedAt: "desc" }, { id: "desc" }],
    select: {
      status: true,
      iban: true,
      previousIban: true,
      accountHolder: true,
      decidedAt: true,
      rejectionReason: true,
    },
  });
}
