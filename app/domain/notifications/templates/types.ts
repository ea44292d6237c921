import type { PrismaClient } from "../../../db/client.server.ts";
import type { PlanStatus, Role } from "../../../generated/prisma/enums.ts";
import type { SendEmailPayload } from "../../../jobs/definitions.ts";
import { type EmailMessage, oneLine } from "./message.ts";

/** What every template gets: who receives it, which plan it is about, where the portal lives. */
export type EmailContext = {
  recipient: { id: string; name: string; email: string };
  plan: {
    id: string;
    reference: string;
    title: string;
    status: PlanStatus;
    organisationName: string;
  };
  /** Absolute base of links, e.g. "https://sectorplannen.example" (env PUBLIC_URL). */
  publicUrl: string;
  /** The clock's now, for texts such as "over 7 dagen". */
  at: Date;
  /**
   * What the recipient can open (sendPlanEmail checks it before any template runs): the plan
   * (also when absent), or only the Actieteam's assignment page that lists it — a coordinator
   * without a seat, told of a term no adviser holds (ASSIGNMENT_PAGE_TEMPLATES).
   */
  opens?: "plan" | "assignment-page";
};

/** Returned by a template's load when the mail no longer makes sense (a cancelled reminder). */
export class SkipEmail {
  constructor(readonly reason: string) {}
}

/**
 * One e-mail template: load what it needs beyond the plan and the recipient, then compose the
 * message. A later issue adds an e-mail by writing one of these, adding its name to EmailTemplate
 * (app/jobs/definitions.ts) and to the registry, and writing one outbox message.
 */
export type EmailTemplateDef<D> = {
  load(db: PrismaClient, payload: SendEmailPayload, ctx: EmailContext): Promise<D | SkipEmail>;
  compose(data: D, ctx: EmailContext): EmailMessage;
  /**
   * Extra idempotency key material, for when the same payload may rightly mean a second e-mail:
   * a reminder whose term was moved is the same row (same reminderId) about a new date.
   */
  keySuffix?(data: D): string;
  /**
   * The roles a staff mail is for: the roles whose holders the event (or the reminder tick) queued
   * it to. sendPlanEmail sends it only to a recipient who still holds one of them when the job
   * runs: opening the plan is not enough, as Financiën opens every submitted plan, and a handler
   * made finance-only since must not be asked to take the besluit. A function when the same
   * template goes to different people (the hersteltermijn: the applicant before, the handler after
   * it lapsed); undefined (or a function returning it) for a mail to the organisation, whose
   * recipients the plan's visibility already follows.
   */
  audienceRoles?: AudienceRoles | ((data: D) => AudienceRoles | undefined);
};

export type AudienceRoles = readonly Role[];

/**
 * Who prepares and who takes a besluit after the grant (notify.server.ts handlerAndDecisionMakers):
 * the audience of the vaststelling's and the verlenging's decision-term mails.
 */
export const AFTER_GRANT_DECISION_AUDIENCE: AudienceRoles = ["CASE_HANDLER", "DECISION_MAKER"];

export type PreparedEmail =
  | { message: EmailMessage; keySuffix?: string; audienceRoles?: AudienceRoles }
  | SkipEmail;

/** The registry's view of a template, with its data type hidden behind the closure. */
export type RegisteredTemplate = {
  prepare(db: PrismaClient, payload: SendEmailPayload, ctx: EmailContext): Promise<PreparedEmail>;
};

export function defineEmailTemplate<D>(def: EmailTemplateDef<D>): RegisteredTemplate {
  return {
    async prepare(db, payload, ctx) {
      const data = await def.load(db, payload, ctx);
      if (data instanceof SkipEmail) return data;
      const audienceRoles =
        typeof def.audienceRoles === "function" ? def.audienceRoles(data) : def.audienceRoles;
      return {
        message: def.compose(data, ctx),
        keySuffix: def.keySuffix?.(data),
        ...(audienceRoles ? { audienceRoles } : {}),
      };
    },
  };
}

/**
 * A registered template with its audience given from outside its module (see audienceRoles): the
 * registry names it for a template defined without one.
 */
export function withAudienceRoles(template: RegisteredTemplate, roles: AudienceRoles): RegisteredTemplate {
  return {
    async prepare(db, payload, ctx) {
      const prepared = await template.prepare(db, payload, ctx);
      return prepared instanceof SkipEmail ? prepared : { ...prepared, audienceRoles: roles };
    },
  };
}

/** Whether someone holding `held` is still among those a mail for `audience` is meant for. */
export function holdsAudienceRole(held: readonly Role[], audience: AudienceRoles | undefined): boolean {
  return !audience || held.some((r) => audience.includes(r));
}

export function portalUrl(ctx: EmailContext, path: string): string {
  return new URL(path, ctx.publicUrl.endsWith("/") ? ctx.publicUrl : `${ctx.publicUrl}/`).toString();
}

/** The plan page as the applicant sees it. */
export function applicantPlanUrl(ctx: EmailContext): string {
  return portalUrl(ctx, `aanvrager/plannen/${ctx.plan.id}`);
}

/**
 * The Actieteam's assignment page, where a coordinator assigns an adviser to a plan, at the page
 * that holds this plan (as assessment/assignment.server.ts assignmentPageHref).
 */
export function assignmentPageUrl(ctx: EmailContext): string {
  return portalUrl(ctx, `behandeling/toewijzing?plan=${ctx.plan.id}#plan-${ctx.plan.id}`);
}

/** The plan page as staff (handler, adviser, decision maker) see it. */
export function staffPlanUrl(ctx: EmailContext): string {
  return portalUrl(ctx, `behandeling/plannen/${ctx.plan.id}`);
}

/** "SP-2026-000012 (Vakmanschap in de metaal)", or just the kenmerk for an untitled plan. */
export function planLabel(ctx: EmailContext): string {
  return ctx.plan.title.trim() ? `${ctx.plan.reference} („${ctx.plan.title.trim()}”)` : ctx.plan.reference;
}

/** " – Vakmanschap in de metaal" for a subject line (shortened), or nothing for an untitled plan. */
export function oneLineTitle(ctx: EmailContext): string {
  const title = oneLine(ctx.plan.title, 60);
  return title ? ` – ${title}` : "";
}
