import { z } from "zod";
import { LONG_TEXT_MAX, yearAmount } from "./steps/common.ts";

/**
 * The staff's forms on a plan (advice and decision), shared by react-hook-form in the browser and
 * the route action on the server, which parses again. The applicant's wizard has its own schemas,
 * one per step, in steps/.
 */

const RECOMMENDATIONS = ["GRANT", "PARTIAL_GRANT", "REJECT"] as const;

export const adviceFormSchema = z
  .object({
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
  });
export type AdviceFormInput = z.input<typeof adviceFormSchema>;
export type AdviceFormOutput = z.output<typeof adviceFormSchema>;

export const decisionFormSchema = z.object({
  outcome: z.enum(["GRANT", "REJECT"], { message: "Kies verlenen of afwijzen." }),
  reason: z
    .string()
    .trim()
    .min(1, "Schrijf de motivering van het besluit.")
    .max(LONG_TEXT_MAX, `De motivering mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`),
  amounts: z.array(yearAmount("het te verlenen bedrag")),
});
export type DecisionFormInput = z.input<typeof decisionFormSchema>;
export type DecisionFormOutput = z.output<typeof decisionFormSchema>;
