import type { prisma, Tx } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { formatEuro } from "../money.ts";
import { amsterdamDate, formatDateNl, type LocalDate } from "../time/index.ts";
import { findOpenWindow, findRegulationsOpenNow } from "./regulation.server.ts";

type Db = Tx | typeof prisma;

/** The three yes/no answers of the check before a draft exists (issue 4, "eligibility up front"). */
export type EligibilityAnswers = {
  /** At least one employers' organisation (werkgeversorganisatie) in the partnership. */
  employersOrganisation: boolean;
  /** At least one employees' organisation (werknemersorganisatie, vakbond) in the partnership. */
  employeesOrganisation: boolean;
  /** The request is at least the regulation's minimum. */
  meetsMinimum: boolean;
};

export type EligibilityReason =
  | { code: "NO_WINDOW"; field: null; params: Record<string, never>; message: string }
  | {
      code: "WINDOW_NOT_YET_OPEN";
      field: null;
      params: { window: string; opensOn: LocalDate };
      message: string;
    }
  | {
      code: "NO_EMPLOYERS_ORGANISATION";
      field: "employersOrganisation";
      params: Record<string, never>;
      message: string;
    }
  | {
      code: "NO_EMPLOYEES_ORGANISATION";
      field: "employeesOrganisation";
      params: Record<string, never>;
      message: string;
    }
  | { code: "BELOW_MINIMUM"; field: "meetsMinimum"; params: { minimumCents: string }; message: string };

/**
 * What the check page shows before any answer: the window open now (which regulation, until when)
 * or, when none is, the next one; and the minimum request of the regulation concerned.
 * `regulationId` narrows it to one regulation (tests; createDraftPlan takes the same option).
 */
export async function eligibilityContext(db: Db, at = now(), opts: { regulationId?: string } = {}) {
  const regulationId = opts.regulationId ?? (await findRegulationsOpenNow(db, at))[0];
  const open = regulationId ? await findOpenWindow(db, regulationId, at) : null;
  if (open) {
    const reg = await db.regulation.findUniqueOrThrow({
      where: { id: open.regulationId },
      select: { title: true, minimumRequestCents: true },
    });
    return {
      open: {
        regulationId: open.regulationId,
        regulationTitle: reg.title,
        window: open.name,
        // closesAt is exclusive; the last day one can apply is the Dutch day of the instant before it.
        lastDay: amsterdamDate(new Date(open.closesAt.getTime() - 1)),
      },
      next: null,
      minimumRequestCents: reg.minimumRequestCents.toString(),
    };
  }
  // None open: the first window still to open, so that the page can say from when one can apply.
  const next = await db.applicationWindow.findFirst({
    where: { opensAt: { gt: at }, ...(opts.regulationId ? { regulationId: opts.regulationId } : {}) },
    orderBy: { opensAt: "asc" },
    select: { name: true, opensAt: true, regulation: { select: { title: true, minimumRequestCents: true } } },
  });
  return {
    open: null,
    next: next
      ? { window: next.name, regulationTitle: next.regulation.title, opensOn: amsterdamDate(next.opensAt) }
      : null,
    minimumRequestCents: next?.regulation.minimumRequestCents.toString() ?? null,
  };
}
export type EligibilityContext = Awaited<ReturnType<typeof eligibilityContext>>;

/**
 * Why the actor cannot apply yet, one reason per "no" (empty: all clear, a draft may be made).
 * Reads only the windows and the regulation; the answers are the applicant's own statement and
 * are checked again in substance when the plan is submitted.
 */
export async function checkEligibility(
  db: Db,
  answers: EligibilityAnswers,
  at = now(),
  opts: { regulationId?: string } = {},
): Promise<EligibilityReason[]> {
  const ctx = await eligibilityContext(db, at, opts);
  return eligibilityReasons(ctx, answers);
}

/** The reasons for a known context (pure). */
export function eligibilityReasons(
  ctx: EligibilityContext,
  answers: EligibilityAnswers,
): EligibilityReason[] {
  const reasons: EligibilityReason[] = [];
  if (!ctx.open) {
    reasons.push(
      ctx.next
        ? {
            code: "WINDOW_NOT_YET_OPEN",
            field: null,
            params: { window: ctx.next.window, opensOn: ctx.next.opensOn },
            message: `Er is nu geen aanvraagtijdvak open. Het tijdvak ${ctx.next.window} opent op ${formatDateNl(ctx.next.opensOn)}; vanaf dan kunt u een sectorplan aanvragen.`,
          }
        : {
            code: "NO_WINDOW",
            field: null,
            params: {},
            message:
              "Er is nu geen aanvraagtijdvak open en er is nog geen nieuw tijdvak bekendgemaakt. U kunt pas aanvragen als een tijdvak open is.",
          },
    );
  }
  if (!answers.employersOrganisation) {
    reasons.push({
      code: "NO_EMPLOYERS_ORGANISATION",
      field: "employersOrganisation",
      params: {},
      message:
        "Een sectorplan wordt aangevraagd door een samenwerkingsverband met ten minste één werkgeversorganisatie. Betrek eerst een werkgeversorganisatie.",
    });
  }
  if (!answers.employeesOrganisation) {
    reasons.push({
      code: "NO_EMPLOYEES_ORGANISATION",
      field: "employeesOrganisation",
      params: {},
      message:
        "Een sectorplan wordt aangevraagd door een samenwerkingsverband met ten minste één werknemersorganisatie. Betrek eerst een werknemersorganisatie.",
    });
  }
  if (!answers.meetsMinimum) {
    const minimumCents = ctx.minimumRequestCents ?? "0";
    reasons.push({
      code: "BELOW_MINIMUM",
      field: "meetsMinimum",
      params: { minimumCents },
      message: `De regeling geeft subsidie vanaf ${formatEuro(BigInt(minimumCents))}. Een kleinere aanvraag wordt niet in behandeling genomen.`,
    });
  }
  return reasons;
}
