import { z } from "zod";
import { LONG_TEXT_MAX, requiredText } from "./steps/common.ts";

/** Steps a handler may reopen; step 7 (declarations) always reopens with them. */
export const REOPENABLE_STEPS = [
  "lead",
  "partnership",
  "analysis",
  "measures",
  "budget",
  "attachments",
] as const;
export type ReopenableStep = (typeof REOPENABLE_STEPS)[number];

/**
 * The longest hersteltermijn a handler may give (Awb 4:5 sets none; a term longer than this holds
 * the decision term still for months). The regulation's default, which pre-fills the handler's
 * form, may not be longer (regulation/setup-schemas.ts), or the form would refuse its own default.
 */
export const HERSTELTERMIJN_MAX_DAYS = 90;

const TERM_DAYS_MESSAGE = `Vul de hersteltermijn in als heel aantal dagen (1 tot ${HERSTELTERMIJN_MAX_DAYS}).`;

/** "Aanvulling vragen": what is missing, which steps reopen, the hersteltermijn in days (Awb 4:5). */
export const supplementRequestSchema = z.object({
  text: requiredText("de aanvulling die u vraagt", LONG_TEXT_MAX),
  steps: z
    .array(z.enum(REOPENABLE_STEPS, { message: "Kies een stap uit de lijst." }))
    .min(1, "Kies ten minste één stap die de aanvrager weer kan wijzigen."),
  termDays: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, TERM_DAYS_MESSAGE)
    .transform(Number)
    .refine((n) => n >= 1 && n <= HERSTELTERMIJN_MAX_DAYS, { message: TERM_DAYS_MESSAGE }),
});
export type SupplementRequestInput = z.input<typeof supplementRequestSchema>;
export type SupplementRequestOutput = z.output<typeof supplementRequestSchema>;
