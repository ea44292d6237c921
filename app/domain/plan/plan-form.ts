import { z } from "zod";
import { LONG_TEXT_MAX, yearAmount } from "./steps/common.ts";

/**
 * The staff's forms on a plan (advice and decision), shared by react-hook-form in the browser and
 * the route action on the server, which parses again. The applicant's wizard has its own schemas,
 * one per step, in steps/.
 */

const RECOMMENDATIONS = ["GRANT", "PARTIAL_GRANT", "REJECT"] as const;

/** One criterion of the regulation (art. 2.5) scored 1–5, with the motivation the score needs. */
const criterionScore = z.object({
  criterion: z.string().min(1),
  score: z.coerce
    .number({ message: "Geef een score van 1 tot 5." })
    .int("Geef een score van 1 tot 5.")
    .min(1, "Geef een score van 1 tot 5.")
    .max(5, "Geef een score van 1 tot 5."),
  motivation: z
    .string()
    .trim()
    .min(1, "Motiveer de score.")
    .max(LONG_TEXT_MAX, `De motivering mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
});

/**
 * The Actieteam's assessment. The amounts per year follow the recommendation: REJECT is € 0,00
 * every year; GRANT is exactly the requested amount (checked against the plan by recordAdvice);
 * PARTIAL_GRANT is at most the request each year, less somewhere, and more than nothing in total.
 */
export const adviceFormSchema = z
  .object({
    scores: z.array(criterionScore, { error: "Scoor elk criterium." }).min(1, "Scoor elk criterium."),
    recommendation: z.enum(RECOMMENDATIONS, { message: "Kies een advies." }),
    text: z
      .string()
      .trim()
      .min(1, "Schrijf de motivering van het advies.")
      .max(LONG_TEXT_MAX, `Het advies mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
    amounts: z.array(yearAmount("het geadviseerde bedrag")),
  })
  .superRefine((v, ctx) => {
    if (v.recommendation === "REJECT" && v.amounts.some((a) => a.amount !== 0n)) {
      ctx.addIssue({
        code: "custom",
        path: ["amounts"],
        message: "Bij een advies tot afwijzen is het bedrag € 0,00.",
      });
    }
    if (v.recommendation === "PARTIAL_GRANT" && v.amounts.every((a) => a.amount === 0n)) {
      ctx.addIssue({
        code: "custom",
        path: ["amounts"],
        message: "Bij gedeeltelijk verlenen is het bedrag meer dan € 0,00; anders adviseert u afwijzen.",
      });
    }
  });
export type AdviceFormInput = z.input<typeof adviceFormSchema>;
export type AdviceFormOutput = z.output<typeof adviceFormSchema>;

/**
 * The beschikking: grant in full, grant in part (at least one year lower, with the reasons), or
 * reject on a ground of the regulation or the Awb (decision/grounds.ts). A lower amount under
 * "GRANT" is still taken as a partial grant by the domain; the form names it explicitly.
 */
export const decisionFormSchema = z
  .object({
    outcome: z.enum(["GRANT", "PARTIAL_GRANT", "REJECT"], {
      message: "Kies verlenen, gedeeltelijk verlenen of afwijzen.",
    }),
    ground: z.string().trim().max(100).optional(),
    reason: z
      .string()
      .trim()
      .min(1, "Schrijf de motivering van het besluit.")
      .max(LONG_TEXT_MAX, `De motivering mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
    // A rejection grants nothing: its post may leave the amounts out.
    amounts: z.array(yearAmount("het te verlenen bedrag")).default([]),
    /**
     * Art. 5.4 lid 4 (2015: art. 4.4 lid 4): the interim report comes with an accountant's
     * controleverklaring. A ticked box posts "true" (or the browser's "on"); an unticked one nothing.
     */
    interimAuditRequired: z
      .union([z.boolean(), z.enum(["true", "on", "false", ""])], {
        message: "Kies of een controleverklaring van een accountant vereist is.",
      })
      .optional()
      .transform((v) => v === true || v === "true" || v === "on"),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "REJECT" && !v.ground) {
      ctx.addIssue({ code: "custom", path: ["ground"], message: "Kies de grond van de afwijzing." });
    }
    // A grant in part refuses the rest, on a ground as a rejection does (Awb 3:46/3:47). A plan
    // waiting for budget gets "subsidieplafond bereikt", which its form has already chosen.
    if (v.outcome === "PARTIAL_GRANT" && !v.ground) {
      ctx.addIssue({
        code: "custom",
        path: ["ground"],
        message: "Kies de grond waarop u de aanvraag voor het overige afwijst.",
      });
    }
  });
export type DecisionFormInput = z.input<typeof decisionFormSchema>;
/** The parsed form; `interimAuditRequired` may be left out by a caller in code (tests, seed): not required. */
export type DecisionFormOutput = Omit<z.output<typeof decisionFormSchema>, "interimAuditRequired"> & {
  interimAuditRequired?: boolean;
};
