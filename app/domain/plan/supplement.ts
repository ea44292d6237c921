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

/** "Aanvulling vragen": what is missing, which steps reopen, the hersteltermijn in days (Awb 4:5). */
export const supplementRequestSchema = z.object({
  text: requiredText("de aanvulling die u vraagt", LONG_TEXT_MAX),
  steps: z
    .array(z.enum(REOPENABLE_STEPS, { message: "Kies een stap uit de lijst." }))
    .min(1, "Kies ten minste één stap die de aanvrager weer kan wijzigen."),
  termDays: z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, "Vul de hersteltermijn in als heel aantal dagen (1 tot 90).")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 90, {
      message: "Vul de hersteltermijn in als heel aantal dagen (1 tot 90).",
    }),
});
export type SupplementRequestInput = z.input<typeof supplementRequestSchema>;
export type SupplementRequestOutput = z.output<typeof supplementRequestSchema>;
