import { type PrismaClient, prisma, type Tx } from "../../db/client.server.ts";
import type { Document } from "../../generated/prisma/client.ts";
import { termsOf } from "../decision/terms.ts";
import { NotFoundError } from "../errors.ts";
import { extensionLetterKey } from "../extension/rules.ts";
import { notifyPlanOrganisation } from "../notifications/notify.server.ts";
import {
  addedInterimReport,
  INTERIM_REPORT_WEEKS,
  reportDueOn,
  reportDueOnAfterRefusal,
} from "../settlement/terms.ts";

import { inWords, joinDutch } from "../words.ts";
import { amsterdamDate, euro, formatDateNl, type LocalDate, utcDate } from "./format.ts";
import { LetterLayout } from "./layout.ts";
import { produceLetterOnce } from "./letter-once.server.ts";
import { closing, objectionClause, type Signatory } from "./letter-parts.ts";
import { MINISTRY_NAME, newPdf, savePdf } from "./pdf.server.ts";
import { signatoryOf } from "./signatory.server.ts";
import { type DocumentStore, documentStore } from "./store.server.ts";

/**
 * The besluit op het verzoek om verlenging (regulation art. 1.2a): the plan's period extended by the
 * months asked, by fewer (a partial refusal, which Awb 3:46 wants motivated), or not at all. The
 * letter is what makes the new last day and the moved realisation report binding on both sides, so
 * it names the dates rather than leaving the organisation to work them out. Rendered by the letters
 * worker from the outbox message decide_extension writes.
 */

type Db = PrismaClient | Tx;

/** Recorded on the Document; bump it when the wording changes. */
export const EXTENSION_LETTER_TEMPLATE_VERSION = "beschikking-verlenging@1";

/**
 * A request is decided once, so its row names its letter (a later request has a letter of its own).
 * The key is the extension module's, which finds the letter of each request by it.
 */
export { extensionLetterKey };

/** The PlanExtension a letter was made for, read back from its idempotency key; null for another letter. */
export function extensionIdOfLetterKey(key: string): string | null {
  const prefix = extensionLetterKey("");
  return key.startsWith(prefix) ? key.slice(prefix.length) : null;
}

export function extensionLetterSubject(reference: string): string {
  return `Besluit op uw verzoek om verlenging van de looptijd van ${reference}`;
}

/** GRANTED in full, GRANTED with fewer months than asked, or REFUSED. */
export type ExtensionOutcome = "GRANTED" | "PARTIAL" | "REFUSED";

export function extensionOutcome(e: {
  status: string;
  requestedMonths: number;
  grantedMonths: number | null;
}): ExtensionOutcome {
  if (e.status === "REFUSED") return "REFUSED";
  return (e.grantedMonths ?? 0) < e.requestedMonths ? "PARTIAL" : "GRANTED";
}

/** The outcome as a participle, for a subject line or a notice: "toegekend", "afgewezen". */
export const EXTENSION_OUTCOME_WORD: Record<ExtensionOutcome, string> = {
  GRANTED: "toegekend",
  PARTIAL: "gedeeltelijk toegekend",
  REFUSED: "afgewezen",
};

export type ExtensionLetterInput = {
  extensionId: string;
  planId: string;
  reference: string;
  title: string;
  outcome: ExtensionOutcome;
  /** The moment of the decision: the letter's date and the PDF's dates come from it. */
  decidedAt: Date;
  requestedAt: Date;
  requestedMonths: number;
  /** Null when refused. */
  grantedMonths: number | null;
  /** The plan's last day when the request was made: what stays if refused. */
  previousPeriodEnd: LocalDate;
  /** Null when refused. */
  newPeriodEnd: LocalDate | null;
  /** The decision maker's reasons, drawn as plain text; required unless granted in full. */
  reason: string;
  /** The grant, which the extension leaves as it is: its maximum and the years it is spread over. */
  grant: { decidedAt: Date; grantedCents: bigint; years: number[] };
  /**
   * The realisation report's last day before and after this decision: when refused the same, unless
   * the besluit came near or after it (then 8 weeks after the besluit, reportDueOnAfterRefusal).
   */
  previousReportDueOn: LocalDate;
  reportDueOn: LocalDate;
  /**
   * An interim report the longer period brings (art. 5.4: after the 12th month of a plan that now
   * runs that long, after the 24th of one now longer than 24 months), if any.
   */
  addedInterimReport: { afterMonths: 12 | 24; dueOn: LocalDate } | null;
  /**
   * The grant requires the accountant's controleverklaring with the interim report (art. 5.4 lid 4),
   * so the added report needs one too. Present (true) only then: every other letter's input, and
   * so its bytes, is as it was before this existed.
   */
  addedInterimReportAudit?: true;
  signatory: Signatory | null;
  addressee: { name: string; street: string; postalCode: string; city: string };
  regulation: {
    citationTitle: string;
    legalBasis: string;
    publication: string;
    /** The grant's terms: the most the period may be extended by. */
    extensionMonths: number;
    settlementRequestWeeks: number;
    objectionAuthority: string;
    objectionAddress: string;
  };
  /**
   * A preview before the besluit is taken (extension/preview.server.ts): marked as such at the
   * top and on every page's footer, never stored. Absent on the letter itself.
   */
  preview?: boolean;
};

export async function loadExtensionLetterInput(db: Db, extensionId: string): Promise<ExtensionLetterInput> {
  const ext = await db.planExtension.findUnique({
    where: { id: extensionId },
    include: {
      plan: {
        include: {
          organisation: true,
          regulation: true,
          decision: { include: { years: true } },
        },
      },
    },
  });
  // Only a decided request has a letter; a withdrawn or lapsed one ends without one.
  const decision = ext?.plan.decision;
  const decided =
    ext?.status === "REFUSED" || (ext?.status === "GRANTED" && !!ext.grantedMonths && !!ext.newPeriodEnd);
  if (!ext?.decidedAt || !decision || !decided)
    throw new NotFoundError("Geen besluit op een verzoek om verlenging gevonden.");
  const { plan } = ext;
  // The grant's terms, from the decision and regulation the include above read.
  const terms = termsOf(plan);
  const granted = ext.status === "GRANTED" ? ext.newPeriodEnd : null;
  const previousReportDueOn = reportDueOn(ext.previousPeriodEnd, terms.settlementRequestWeeks);
  const reg = plan.regulation;
  const o = plan.organisation;
  const added =
    granted && plan.periodStart
      ? addedInterimReport(
          utcDate(plan.periodStart),
          utcDate(ext.previousPeriodEnd),
          utcDate(granted),
          ext.decidedAt,
        )
      : null;
  return {
    extensionId,
    planId: plan.id,
    reference: plan.reference,
    title: plan.title,
    outcome: extensionOutcome(ext),
    decidedAt: ext.decidedAt,
    requestedAt: ext.requestedAt,
    requestedMonths: ext.requestedMonths,
    grantedMonths: granted ? ext.grantedMonths : null,
    previousPeriodEnd: utcDate(ext.previousPeriodEnd),
    newPeriodEnd: granted ? utcDate(granted) : null,
    reason: ext.decisionReason ?? "",
    grant: {
      decidedAt: decision.decidedAt,
      grantedCents: decision.years.reduce((sum, y) => sum + y.grantedCents, 0n),
      years: decision.years.map((y) => y.year).sort((a, b) => a - b),
    },
    previousReportDueOn,
    reportDueOn: granted
      ? reportDueOn(granted, terms.settlementRequestWeeks)
      : reportDueOnAfterRefusal(previousReportDueOn, ext.decidedAt),
    addedInterimReport: added,
    ...(added && decision.interimAuditRequired ? { addedInterimReportAudit: true as const } : {}),
    signatory: await signatoryOf(db, ext.decidedById, ext.decidedAt),
    addressee: { name: o.name, street: o.street, postalCode: o.postalCode, city: o.city },
    regulation: {
      citationTitle: reg.citationTitle,
      legalBasis: reg.legalBasis,
      publication: reg.publication,
      extensionMonths: terms.extensionMonths,
      settlementRequestWeeks: terms.settlementRequestWeeks,
      objectionAuthority: reg.objectionAuthority,
      objectionAddress: reg.objectionAddress,
    },
  };
}

const months = (n: number) => `${inWords(n)} ${n === 1 ? "maand" : "maanden"}`;

/** Dated by the decision, not by "now": the same input always gives the same bytes. */
export async function renderExtensionLetter(input: ExtensionLetterInput): Promise<Uint8Array> {
  const subject = extensionLetterSubject(input.reference);
  const reg = input.regulation;
  const { doc, fonts } = await newPdf({
    title: `${subject} — ${input.title}`,
    subject,
    keywords: [input.reference, EXTENSION_LETTER_TEMPLATE_VERSION],
    templateVersion: EXTENSION_LETTER_TEMPLATE_VERSION,
    at: input.decidedAt,
  });
  const l = new LetterLayout(doc, fonts);
  l.letterhead(MINISTRY_NAME, reg.citationTitle);
  if (input.preview) {
    l.paragraph(
      "VOORBEELD — dit is nog geen besluit. De brief wordt pas gemaakt als over het verzoek om verlenging is beslist.",
      { spaceAfter: 12 },
    );
  }
  const a = input.addressee;
  l.paragraph(`${a.name}\n${a.street}\n${a.postalCode}  ${a.city}`, { spaceAfter: 24 });
  l.keyValues([
    ["Datum", formatDateNl(amsterdamDate(input.decidedAt))],
    ["Kenmerk", input.reference],
    ["Onderwerp", subject],
  ]);
  l.space(18);
  l.paragraph("Geachte heer, mevrouw,");
  const previousEnd = formatDateNl(input.previousPeriodEnd);
  l.paragraph(
    `Op ${formatDateNl(amsterdamDate(input.requestedAt))} heeft u gevraagd de looptijd van het sectorplan ` +
      `“${input.title}” (kenmerk ${input.reference}) met ${months(input.requestedMonths)} te verlengen. ` +
      `Volgens de beschikking tot verlening eindigt de looptijd op ${previousEnd}. In deze brief leest u ` +
      "mijn besluit op uw verzoek.",
  );

  l.heading("Besluit");
  const newEnd = input.newPeriodEnd ? formatDateNl(input.newPeriodEnd) : null;
  const grantedMonths = input.grantedMonths ?? 0;
  if (input.outcome === "REFUSED" || !newEnd) {
    l.paragraph(
      `Ik wijs uw verzoek om verlenging af. De looptijd van het sectorplan blijft eindigen op ${previousEnd}.`,
    );
  } else if (input.outcome === "PARTIAL") {
    l.paragraph(
      `Ik verleng de looptijd van het sectorplan met ${months(grantedMonths)}, en niet met de ` +
        `${months(input.requestedMonths)} die u heeft gevraagd. Voor de overige ` +
        `${months(input.requestedMonths - grantedMonths)} wijs ik uw verzoek af.`,
    );
    l.paragraph(`De laatste dag van het sectorplan is nu ${newEnd} (was ${previousEnd}).`);
  } else {
    l.paragraph(
      `Ik verleng de looptijd van het sectorplan met ${months(grantedMonths)}, zoals u heeft gevraagd.`,
    );
    l.paragraph(`De laatste dag van het sectorplan is nu ${newEnd} (was ${previousEnd}).`);
  }

  // A refusal, whole or in part, must carry its reasons (Awb 3:46); a full grant may explain itself.
  const reason = input.reason.trim();
  if (input.outcome === "REFUSED") {
    l.heading("Waarom wijs ik uw verzoek af?");
    l.paragraph(reason || "—");
  } else if (input.outcome === "PARTIAL") {
    l.heading("Waarom verleng ik met minder maanden dan u vroeg?");
    l.paragraph(reason || "—");
  } else if (reason) {
    l.heading("Toelichting");
    l.paragraph(reason);
  }

  l.heading("Wat betekent dit voor u?");
  const grantedOn = formatDateNl(amsterdamDate(input.grant.decidedAt));
  const years = joinDutch(input.grant.years.map(String));
  const lastYear = input.grant.years.at(-1);
  const weeks = inWords(reg.settlementRequestWeeks);
  if (input.outcome === "REFUSED" || !newEnd) {
    const kept = `De looptijd en de subsidie blijven zoals in de beschikking tot verlening van ${grantedOn}. `;
    const due = `Uw aanvraag tot vaststelling, met het realisatieverslag, dient u uiterlijk ${formatDateNl(input.reportDueOn)} in: `;
    // The later day only when the besluit gave one: every other refusal keeps its bytes.
    l.paragraph(
      input.reportDueOn === input.previousReportDueOn
        ? `${kept}${due}${weeks} weken na de laatste dag van het sectorplan (artikel 5.5 van de regeling).`
        : `${kept}${due}${inWords(INTERIM_REPORT_WEEKS)} weken na dit besluit. Zolang uw verzoek in behandeling was, kon u de vaststelling ` +
            `niet aanvragen; daarom geldt niet de datum van ${weeks} weken na de laatste dag van het sectorplan ` +
            `(artikel 5.5 van de regeling), ${formatDateNl(input.previousReportDueOn)}.`,
    );
    l.paragraph(
      "Een afgewezen verzoek staat een nieuw verzoek om verlenging niet in de weg, zolang de looptijd van het " +
        "sectorplan niet is geëindigd.",
    );
  } else {
    l.paragraph(
      `De subsidie verandert niet. De verleende subsidie van ten hoogste ${euro(input.grant.grantedCents)} en ` +
        `de verdeling ervan over ${input.grant.years.length === 1 ? "het jaar" : "de jaren"} ${years} blijven ` +
        `zoals in de beschikking tot verlening van ${grantedOn}: de verlenging geeft meer tijd, geen extra subsidie. ` +
        "Ook het schema van de voorschotten blijft zoals het was.",
    );
    if (lastYear !== undefined)
      l.paragraph(
        "Kosten die u in de verlengde maanden maakt, neemt u in het realisatieverslag op bij het laatste jaar " +
          `van het sectorplan (${lastYear}). Zij tellen bij de vaststelling mee tot de subsidiabele kosten die ` +
          `de beschikking tot verlening voor ${lastYear} dekt; kosten die in een eerder jaar niet zijn gemaakt, ` +
          "schuiven niet door naar dat jaar.",
      );
    l.paragraph(
      `Uw aanvraag tot vaststelling, met het realisatieverslag, dient u uiterlijk ${formatDateNl(input.reportDueOn)} ` +
        `in: ${weeks} weken na de nieuwe laatste dag (artikel 5.5 van de regeling). De eerdere datum, ` +
        `${formatDateNl(input.previousReportDueOn)}, vervalt.`,
    );
    const interim = input.addedInterimReport;
    if (interim)
      l.paragraph(
        `Het sectorplan duurt nu ${interim.afterMonths === 24 ? "langer dan 24" : "12 of meer"} maanden. Daarom ` +
          `dient u ook na de ${interim.afterMonths}e maand een tussentijds voortgangsverslag in, uiterlijk ` +
          `${formatDateNl(interim.dueOn)} (artikel 5.4 van de regeling).`,
      );
    // The obligation the grant imposed (art. 5.4 lid 4) holds for this report as well: the portal
    // refuses it without the controleverklaring, so the besluit that adds the report says so.
    if (interim && input.addedInterimReportAudit)
      l.paragraph(
        "De beschikking tot verlening vereist bij het tussentijds voortgangsverslag een controleverklaring " +
          "van een accountant (artikel 5.4, vierde lid, van de regeling). Dat geldt ook voor dit verslag: u " +
          "voegt de controleverklaring in het portaal als PDF bij het verslag; zonder controleverklaring kunt " +
          "u het verslag niet indienen.",
      );
    l.paragraph(
      "De looptijd kan maar één keer worden verlengd: een tweede verlenging is niet mogelijk. Alle andere " +
        "voorschriften van de beschikking tot verlening blijven gelden.",
    );
  }

  l.heading("Wettelijke grondslag");
  l.paragraph(
    `Dit besluit berust op artikel 1.2a van de ${reg.citationTitle} (${reg.publication}), vastgesteld op grond ` +
      `van ${reg.legalBasis}: de looptijd van een sectorplan kan op verzoek eenmaal worden verlengd met ten ` +
      `hoogste ${months(reg.extensionMonths)}.` +
      (input.outcome === "GRANTED"
        ? ""
        : " Een besluit dat een verzoek geheel of gedeeltelijk afwijst, berust op een deugdelijke motivering " +
          "(artikel 3:46 Awb); die leest u hierboven."),
  );

  objectionClause(l, reg);
  closing(l, input.signatory);
  l.finish(input.preview ? `VOORBEELD — kenmerk ${input.reference}` : `Kenmerk ${input.reference}`);
  return savePdf(doc);
}

/** The in-app notice's title: the outcome first, as the bell list shows only the title. */
export function extensionNoticeTitle(outcome: ExtensionOutcome, reference: string): string {
  return outcome === "REFUSED"
    ? `Verzoek om verlenging van ${reference} afgewezen`
    : `Verlenging van ${reference} ${EXTENSION_OUTCOME_WORD[outcome]}`;
}

/**
 * The besluit op het verzoek om verlenging: rendered, stored once under
 * `extension-letter:<extensionId>`, and by the run that created it the organisation is told, in-app
 * and by e-mail with the letter, in the transaction that stores it. The Document's createdAt is the
 * bekendmaking from which the objection term runs (Awb 6:8), as for the revocation.
 */
export async function produceExtensionLetter(
  extensionId: string,
  store: DocumentStore = documentStore(),
): Promise<Document> {
  return produceLetterOnce(
    {
      idempotencyKey: extensionLetterKey(extensionId),
      load: () => loadExtensionLetterInput(prisma, extensionId),
      render: renderExtensionLetter,
      describe: (input) => ({
        planId: input.planId,
        kind: "EXTENSION_DECISION",
        title: extensionLetterSubject(input.reference),
        filename: `besluit-verlenging-${input.reference}.pdf`,
        templateVersion: EXTENSION_LETTER_TEMPLATE_VERSION,
      }),
      notify: (tx, input, document) =>
        notifyPlanOrganisation(tx, {
          planId: input.planId,
          title: extensionNoticeTitle(input.outcome, input.reference),
          body:
            (input.newPeriodEnd
              ? `De looptijd van het sectorplan “${input.title}” is verlengd tot en met ` +
                `${formatDateNl(input.newPeriodEnd)}. Het realisatieverslag is nu uiterlijk ` +
                `${formatDateNl(input.reportDueOn)} nodig.`
              : `Uw verzoek om de looptijd van het sectorplan “${input.title}” te verlengen is afgewezen. ` +
                `De looptijd blijft eindigen op ${formatDateNl(input.previousPeriodEnd)}.` +
                (input.reportDueOn === input.previousReportDueOn
                  ? ""
                  : ` Het realisatieverslag is uiterlijk ${formatDateNl(input.reportDueOn)} nodig.`)) +
            " Het besluit staat bij uw plan in het portaal.",
          link: `/aanvrager/plannen/${input.planId}`,
          email: { template: "extension-decided", documentId: document.id },
        }),
    },
    store,
  );
}
