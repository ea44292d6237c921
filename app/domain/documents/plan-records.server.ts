import type { PrismaClient, Tx } from "../../db/client.server.ts";
import { type Actor, isStaff } from "../actor.ts";
import { amsterdamDate, type LocalDate, OBJECTION_TERM_WEEKS, objectionTermEnd } from "../time/index.ts";

type Db = PrismaClient | Tx;

/**
 * The plan page's records (issue 3): the submitted versions with their PDF links, the
 * bekendmaking of the decision with the last day to object, and the staff's case-file link.
 * Kept apart from plan/view.server.ts, which spreads this into the plan view; authorisation is
 * the caller's (getPlanView has checked that the actor may see the plan).
 */
export async function planRecords(db: Db, actor: Actor, planId: string) {
  const [versions, decision] = await Promise.all([
    db.planVersion.findMany({
      where: { planId },
      orderBy: { number: "asc" },
      select: { id: true, number: true, sha256: true, submittedAt: true },
    }),
    db.decision.findUnique({
      where: { planId },
      select: { announcedAt: true },
    }),
  ]);
  const announcedAt = decision?.announcedAt ?? null;
  return {
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      sha256: v.sha256,
      submittedAt: v.submittedAt.toISOString(),
      href: planVersionHref(v.id),
    })),
    /** Set once the beschikking has been made available (Decision.announcedAt). */
    announcement:
      decision && announcedAt
        ? {
            announcedAt: announcedAt.toISOString(),
            announcedOn: amsterdamDate(announcedAt) as LocalDate,
            objectionTermWeeks: OBJECTION_TERM_WEEKS,
            /** Last day to object: Awb 6:7/6:8, moved by the Algemene termijnenwet. */
            objectionEnd: objectionTermEnd(announcedAt),
          }
        : null,
    caseFileHref: isStaff(actor) ? caseFileHref(planId) : null,
  };
}
export type PlanRecords = Awaited<ReturnType<typeof planRecords>>;

export function planVersionHref(planVersionId: string): string {
  return `/documenten/versies/${planVersionId}`;
}

export function caseFileHref(planId: string): string {
  return `/behandeling/plannen/${planId}/dossier`;
}
