import { createHash } from "node:crypto";
import { prisma, type Tx } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import type { AuditAction } from "../audit/actions.ts";
import { now } from "../clock.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { notifyUsers } from "../notifications/notify.server.ts";
import { signatoriesOf } from "../notifications/signatories.server.ts";
import { formatDateTimeNl } from "../time/index.ts";

/**
 * A request for the same content to the same signatory within this time is refused: a double click
 * or a replayed POST must not fill the signatories' mailboxes. After it, asking again is a reminder.
 */
export const SIGN_OFF_REPEAT_MS = 60 * 60_000;

const SIGN_OFF_REQUESTED: AuditAction = "plan.sign-off-requested";

/** What a sign-off request's AuditLog row records. */
type SignOffDetails = { fingerprint?: string; signatoryIds?: string[] };

/**
 * The content the signatories are asked to sign. Not the plan's version: the wizard saves step 7
 * before every request, and every save bumps the version even when nothing changed. Where the
 * writer was (lastStep) and which steps were ever saved are no content; the attachments are.
 */
async function contentFingerprint(tx: Tx, planId: string, draftData: unknown): Promise<string> {
  const { lastStep: _where, saved: _seen, ...content } = (draftData ?? {}) as Record<string, unknown>;
  const attachments = await tx.planAttachment.findMany({
    where: { planId },
    select: { kind: true, sha256: true },
    orderBy: [{ kind: "asc" }, { sha256: "asc" }],
  });
  return createHash("sha256").update(JSON.stringify({ content, attachments })).digest("hex");
}

export function signOffAlreadyRequested(at: Date): string {
  return (
    `U heeft dit plan op ${formatDateTimeNl(at)} al ter ondertekening aangeboden; de tekenbevoegden ` +
    "hebben toen bericht gekregen. Na een wijziging van het plan kunt u het opnieuw aanbieden, anders " +
    "een uur na het vorige verzoek."
  );
}

export const ALREADY_SUBMITTED = "Dit plan is ingediend en wacht niet op een aanvulling.";

/**
 * "Ter ondertekening aanbieden": a colleague who may not submit asks the organisation's
 * signatories to check and submit the draft (bell + e-mail to each). Changes no status: the plan
 * stays a draft that anyone of the organisation can still edit. Each request is recorded in the
 * AuditLog; a signatory already asked for the same content within SIGN_OFF_REPEAT_MS is not asked
 * again, and when that leaves nobody the request is refused.
 */
export async function requestSignOff(actor: Actor, planId: string): Promise<{ notified: number }> {
  return prisma.$transaction(async (tx) => {
    const own = actor.roles.includes("APPLICANT") ? actor.organisationIds : [];
    // Locked: two requests at the same moment (a double click) wait for each other and see the first.
    const [plan] = await tx.$queryRaw<
      { status: string; reference: string; draftData: unknown; organisationId: string }[]
    >`
      SELECT status::text AS status, reference, "draftData", "organisationId" FROM "Plan"
      WHERE id = ${planId} AND "organisationId" = ANY(${own}::text[]) FOR UPDATE`;
    if (!plan) throw new NotFoundError("Dit plan bestaat niet of u heeft er geen toegang toe.");
    // A supplement (INFO_REQUESTED) is sent back by a signatory too, so a colleague who prepared
    // it asks them the same way.
    if (plan.status !== "DRAFT" && plan.status !== "INFO_REQUESTED")
      throw new RuleViolation(ALREADY_SUBMITTED, undefined, "WRONG_STATE");
    const signatories = await signatoriesOf(tx, planId);
    if (signatories.length === 0)
      throw new RuleViolation(
        "Uw organisatie heeft geen tekenbevoegde; neem contact op met de helpdesk.",
        undefined,
        "NO_SIGNATORY",
      );

    const at = now();
    const fingerprint = await contentFingerprint(tx, planId, plan.draftData);
    const recent = await tx.auditLog.findMany({
      where: {
        action: SIGN_OFF_REQUESTED,
        targetType: "Plan",
        targetId: planId,
        createdAt: { gt: new Date(at.getTime() - SIGN_OFF_REPEAT_MS) },
      },
      orderBy: { createdAt: "desc" },
      select: { details: true, createdAt: true },
    });
    // A signatory whose access ended lost the request's notice with it (endMembership): invited
    // back within the hour, they hold none, and must be asked again. So a row counts someone as
    // asked only if their current membership is no newer than it.
    const memberSince = new Map(
      (
        await tx.roleMembership.findMany({
          where: { organisationId: plan.organisationId, role: "APPLICANT", userId: { in: signatories } },
          select: { userId: true, createdAt: true },
        })
      ).map((m) => [m.userId, m.createdAt.getTime()]),
    );
    const asked = new Set<string>();
    let lastAskedAt: Date | undefined;
    for (const row of recent) {
      const details = row.details as SignOffDetails;
      if (details.fingerprint !== fingerprint) continue;
      for (const id of details.signatoryIds ?? []) {
        const since = memberSince.get(id);
        if (since !== undefined && since <= row.createdAt.getTime()) asked.add(id);
      }
      lastAskedAt ??= row.createdAt;
    }
    const toAsk = signatories.filter((id) => !asked.has(id));
    if (toAsk.length === 0 && lastAskedAt)
      throw new RuleViolation(signOffAlreadyRequested(lastAskedAt), undefined, "SIGN_OFF_ALREADY_REQUESTED");

    const request = await tx.auditLog.create({
      data: {
        actorId: actor.userId,
        action: SIGN_OFF_REQUESTED,
        targetType: "Plan",
        targetId: planId,
        details: { fingerprint, signatoryIds: toAsk } satisfies SignOffDetails,
        createdAt: at,
      },
      select: { id: true },
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true } });
    const notified = await notifyUsers(tx, toAsk, {
      planId,
      title: `Ter ondertekening: ${plan.reference}`,
      body:
        plan.status === "INFO_REQUESTED"
          ? `${user.name} vraagt u de aanvulling op het plan ${plan.reference} te controleren en in te dienen.`
          : `${user.name} vraagt u het plan ${plan.reference} te controleren en in te dienen.`,
      link: `/aanvrager/plannen/${planId}`,
      email: { template: "sign-off-requested", signOffRequestId: request.id.toString() },
    });
    return { notified };
  });
}
