import { z } from "zod";
import { isValidIban, KVK_PATTERN, LEGAL_FORMS, normaliseIban } from "../../accounts/validation.ts";
import { addCalendarDays, formatDateNl, type LocalDate, lastDayOfMonths } from "../../time/local-date.ts";
import {
  DRAFT_LIST_CAP,
  isRealDate,
  LONG_TEXT_MAX,
  money,
  optionalText,
  planYears,
  requiredText,
  TITLE_MAX,
  wholeNumber,
} from "./common.ts";
import type { PlanRules } from "./rules.ts";

/**
 * A date in a message as the letters write it ("1 december 2026"), not as the date field holds
 * it; an English page translates it (domain-messages.ts, its {date}).
 */
const dateText = (iso: string) => formatDateNl(iso as LocalDate);

/** Step 1, "Aanvrager en plan": the plan's title and period, the lead applicant, what it covers. */
export function leadStepSchema(rules: PlanRules) {
  const sectorCodes = new Set(rules.sectors.map((s) => s.code));
  const regionCodes = new Set(rules.regions.map((r) => r.code));
  return z
    .object({
      title: requiredText("de titel van het plan", TITLE_MAX),
      summary: optionalText("de samenvatting", LONG_TEXT_MAX),
      periodStart: z.string().refine(isRealDate, { message: "Vul een geldige begindatum in." }),
      periodEnd: z.string().refine(isRealDate, { message: "Vul een geldige einddatum in." }),
      leadName: requiredText("de naam van de hoofdaanvrager", TITLE_MAX),
      leadKvk: z.string().trim().regex(KVK_PATTERN, "Het KvK-nummer bestaat uit 8 cijfers."),
      leadLegalForm: z.enum(LEGAL_FORMS, { message: "Kies de rechtsvorm van de hoofdaanvrager." }),
      leadAddress: requiredText("het adres van de hoofdaanvrager", TITLE_MAX),
      leadIban: z
        .string()
        .refine(isValidIban, {
          message: "Dit IBAN klopt niet: controleer het rekeningnummer (het controlegetal past niet).",
        })
        .transform(normaliseIban),
      contactName: requiredText("de naam van de contactpersoon", TITLE_MAX),
      contactEmail: z
        .string()
        .trim()
        .min(1, "Vul het e-mailadres van de contactpersoon in.")
        .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")),
      securityKind: z.enum(["EQUITY", "GUARANTEE"], {
        message: "Kies of de hoofdaanvrager eigen vermogen toont of het samenwerkingsverband garant staat.",
      }),
      securityAmount: money("het bedrag van het eigen vermogen of de garantie"),
      coverage: z.enum(["SECTORS", "REGIONS"], {
        message: "Kies of het plan sectoren of arbeidsmarktregio's beslaat.",
      }),
      sectorCodes: z.array(z.string()).max(DRAFT_LIST_CAP),
      regionCodes: z.array(z.string()).max(DRAFT_LIST_CAP),
      employeesInScope: wholeNumber(
        "Vul het aantal werknemers in de sector of regio in als heel getal (ten minste 1).",
      ),
    })
    .superRefine(
      (v, ctx) => {
        // Runs even when other fields are wrong (`when`), so every problem shows at once; the values
        // may then be unparsed, hence the type checks.
        const sectors = Array.isArray(v?.sectorCodes) ? v.sectorCodes : [];
        const regions = Array.isArray(v?.regionCodes) ? v.regionCodes : [];
        if (v?.coverage === "SECTORS") {
          if (sectors.length === 0 || sectors.some((c) => !sectorCodes.has(c)))
            ctx.addIssue({
              code: "custom",
              path: ["sectorCodes"],
              message: "Kies ten minste één sector uit de lijst.",
            });
        } else if (
          v?.coverage === "REGIONS" &&
          (regions.length === 0 || regions.some((c) => !regionCodes.has(c)))
        ) {
          ctx.addIssue({
            code: "custom",
            path: ["regionCodes"],
            message: "Kies ten minste één arbeidsmarktregio uit de lijst.",
          });
        }
        if (typeof v?.periodStart !== "string" || typeof v?.periodEnd !== "string") return;
        if (!isRealDate(v.periodStart) || !isRealDate(v.periodEnd)) return;
        if (v.periodEnd < v.periodStart) {
          ctx.addIssue({
            code: "custom",
            path: ["periodEnd"],
            message: "De einddatum ligt vóór de begindatum.",
          });
          return;
        }
        const startTooEarly = v.periodStart < rules.earliestStart;
        const endTooLate = v.periodEnd > rules.latestEnd;
        if (startTooEarly)
          ctx.addIssue({
            code: "custom",
            path: ["periodStart"],
            // The publication bounds the start when it is later than the first budget year; say so,
            // since no budget year explains that date.
            message:
              rules.publishedOn && addCalendarDays(rules.publishedOn as LocalDate, 1) === rules.earliestStart
                ? `De regeling is op ${dateText(rules.publishedOn)} gepubliceerd: het plan kan pas de dag daarna beginnen.`
                : `Het plan kan niet eerder beginnen dan ${dateText(rules.earliestStart)}.`,
          });
        if (endTooLate)
          ctx.addIssue({
            code: "custom",
            path: ["periodEnd"],
            message: `Het plan moet uiterlijk op ${dateText(rules.latestEnd)} eindigen.`,
          });
        // Every year the period covers needs a budget year of the fund, also between the first and
        // the last (the completeness check asks the same). Years the bounds above already refuse are
        // not named twice.
        const { start: startGap, later } = yearsWithoutEnvelope(
          v.periodStart,
          v.periodEnd,
          rules.envelopeYears,
        );
        if (startGap !== null && !startTooEarly)
          ctx.addIssue({
            code: "custom",
            path: ["periodStart"],
            message: `Voor ${startGap} heeft de regeling geen budget: het plan kan niet in ${startGap} beginnen.`,
          });
        const lastEnvelopeYear = rules.envelopeYears.at(-1) ?? Number.NEGATIVE_INFINITY;
        const inner = later.filter((y) => !(endTooLate && y > lastEnvelopeYear));
        if (inner.length > 0)
          ctx.addIssue({
            code: "custom",
            path: ["periodEnd"],
            message: `Voor ${inner.join(", ")} heeft de regeling geen budget: het plan moet uiterlijk op 31 december ${(inner[0] as number) - 1} eindigen.`,
          });
        const latestEnd = lastDayOfMonths(v.periodStart, rules.maxDurationMonths);
        if (v.periodEnd > latestEnd)
          ctx.addIssue({
            code: "custom",
            path: ["periodEnd"],
            message: `Een plan duurt hoogstens ${rules.maxDurationMonths} maanden: met deze begindatum eindigt het uiterlijk op ${dateText(latestEnd)}.`,
          });
      },
      { when: () => true },
    );
}
/**
 * The years of a period without an envelope: the start year (the start must move) apart from the
 * later ones (the end must come before the first of them).
 */
function yearsWithoutEnvelope(
  periodStart: string,
  periodEnd: string,
  envelopeYears: readonly number[],
): { start: number | null; later: number[] } {
  const have = new Set(envelopeYears);
  const [first, ...rest] = planYears(periodStart, periodEnd);
  if (first === undefined) return { start: null, later: [] };
  return { start: have.has(first) ? null : first, later: rest.filter((y) => !have.has(y)) };
}

/** The organisation an account applies for, as far as step 1 names it (prisma Organisation). */
export type ApplyingOrganisation = {
  name: string;
  kvkNumber: string;
  legalForm: string;
  street: string;
  postalCode: string;
  city: string;
  iban: string;
};

/**
 * Step 1's lead applicant as the account's organisation: the beschikking is addressed to it and the
 * subsidy paid to its account, so a new draft starts with it (drafts.server.ts createDraftPlan, and
 * the step's page for drafts made before).
 */
export function leadFromOrganisation(o: ApplyingOrganisation) {
  return {
    leadName: o.name,
    leadKvk: o.kvkNumber,
    // The signup form allows only these (accounts/validation.ts); any other stays to be chosen.
    leadLegalForm: ((LEGAL_FORMS as readonly string[]).includes(o.legalForm)
      ? o.legalForm
      : "") as LeadStepInput["leadLegalForm"],
    leadAddress: `${o.street}, ${o.postalCode} ${o.city}`,
    leadIban: o.iban,
  };
}

/** "NL91 ABNA 0417 1643 00": an IBAN in a message as the forms show it. */
const ibanText = (iban: string) => normaliseIban(iban).replace(/(.{4})(?=.)/g, "$1 ");

export function leadKvkNotOrganisation(kvkNumber: string): string {
  return `Het KvK-nummer van de hoofdaanvrager moet dat van uw organisatie zijn (${kvkNumber}): de beschikking wordt aan uw organisatie gericht. Is een andere rechtspersoon hoofdaanvrager, dan vraagt die zelf een account aan.`;
}

export function leadIbanNotOrganisation(iban: string): string {
  return `Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn (${ibanText(iban)}): alleen daarop wordt de subsidie betaald. Een andere rekening geeft u op bij de gegevens van uw organisatie; Financiën controleert die eerst.`;
}

/**
 * What submission holds step 1 to: the organisation's KvK number and the accounts it may be paid
 * on. Payments go only to an account finance approved (Organisation.iban while ibanCheckedAt is
 * set; batches.server.ts holds them otherwise), and to the one an open request asks for once
 * finance approves it. An account finance rejected, or one the bank sent a payment back from
 * (returns.server.ts clears ibanCheckedAt), is neither, although Organisation.iban still holds it.
 */
export type LeadOrganisation = {
  kvkNumber: string;
  /** The approved account, or null: none is (yet, or any more). */
  approvedIban: string | null;
  /** The account an open request asks for (payments/iban.server.ts pendingIbanChangeOf), or null. */
  pendingIban: string | null;
};

export function leadOrganisationOf(
  organisation: { kvkNumber: string; iban: string; ibanCheckedAt: Date | null },
  pending: { iban: string } | null,
): LeadOrganisation {
  return {
    kvkNumber: organisation.kvkNumber,
    approvedIban: organisation.ibanCheckedAt ? organisation.iban : null,
    pendingIban: pending?.iban ?? null,
  };
}

/**
 * The account a new step 1 names: the approved one, else the one finance is asked to check; with
 * neither (rejected, or sent back by the bank) the organisation's last known, which submission
 * then does not hold step 1 to.
 */
export function leadIbanOf(organisation: LeadOrganisation, known: string): string {
  return organisation.approvedIban ?? organisation.pendingIban ?? known;
}

/** No account approved yet, one asked for: step 1 names that one, paid once finance approves it. */
export function leadIbanNotRequested(iban: string): string {
  return `Het IBAN van de hoofdaanvrager moet de rekening zijn die uw organisatie heeft opgegeven (${ibanText(iban)}): alleen daarop wordt de subsidie betaald, zodra Financiën die heeft goedgekeurd.`;
}

/**
 * An approved account and a change of it asked for: either may be named, as the payment goes to
 * whichever finance approves; asking for yet another account waits for finance's decision.
 */
export function leadIbanNotOrganisationOrRequested(iban: string, requested: string): string {
  return `Het IBAN van de hoofdaanvrager moet de rekening van uw organisatie zijn (${ibanText(iban)}) of de nieuwe rekening die u heeft opgegeven (${ibanText(requested)}): de subsidie wordt betaald op de rekening die Financiën goedkeurt.`;
}

/** What a step 1 naming another account is told: which accounts it may name; null: any. */
function accountRefusal(approved: string | null, pending: string | null): string | null {
  if (approved === null) return pending === null ? null : leadIbanNotRequested(pending);
  if (pending === null || normaliseIban(pending) === normaliseIban(approved))
    return leadIbanNotOrganisation(approved);
  return leadIbanNotOrganisationOrRequested(approved, pending);
}

/**
 * What submission asks of step 1 beyond its schema: the hoofdaanvrager is the organisation that
 * applies (the Awb addresses the beschikking to the aanvrager, and that is the account's
 * organisation) and the account it names is one that organisation is, or will be, paid on
 * (LeadOrganisation): the approved account, or the one finance is asked to approve, which is where
 * the payment goes if finance approves it. With neither there is nothing to hold step 1 to: nothing
 * is paid until an account is approved, which step 7 says. Only values the schema accepts are
 * compared, so a wrong format is said once. Not checked on a save: a draft may hold anything until
 * it is sent.
 */
export function leadOrganisationIssues(
  lead: Pick<LeadStepInput, "leadKvk" | "leadIban">,
  organisation: LeadOrganisation,
): { path: "leadKvk" | "leadIban"; message: string }[] {
  const issues: { path: "leadKvk" | "leadIban"; message: string }[] = [];
  const kvk = lead.leadKvk.trim();
  if (KVK_PATTERN.test(kvk) && kvk !== organisation.kvkNumber)
    issues.push({ path: "leadKvk", message: leadKvkNotOrganisation(organisation.kvkNumber) });
  const { approvedIban, pendingIban } = organisation;
  const accounts = [approvedIban, pendingIban].filter((iban) => iban !== null).map(normaliseIban);
  const refusal = accountRefusal(approvedIban, pendingIban);
  if (refusal && isValidIban(lead.leadIban) && !accounts.includes(normaliseIban(lead.leadIban)))
    issues.push({ path: "leadIban", message: refusal });
  return issues;
}

export type LeadStepInput = z.input<ReturnType<typeof leadStepSchema>>;
export type LeadStepOutput = z.output<ReturnType<typeof leadStepSchema>>;

export function emptyLeadStep(): LeadStepInput {
  return {
    title: "",
    summary: "",
    periodStart: "",
    periodEnd: "",
    leadName: "",
    leadKvk: "",
    leadLegalForm: "" as LeadStepInput["leadLegalForm"],
    leadAddress: "",
    leadIban: "",
    contactName: "",
    contactEmail: "",
    securityKind: "" as LeadStepInput["securityKind"],
    securityAmount: "",
    coverage: "SECTORS",
    sectorCodes: [],
    regionCodes: [],
    employeesInScope: "",
  };
}
