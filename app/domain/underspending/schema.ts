import { z } from "zod";
import { LONG_TEXT_MAX, money } from "../plan/steps/common.ts";

/**
 * The melding onderbesteding's one form (regulation art. 5.3), used by react-hook-form in the
 * browser and by the action on the server. Inputs are what the form posts (strings); the amount's
 * output is cents. Whether the costs stay at or below 75% of plan is the domain's check on submit
 * (melding.server.ts): the plan's figure is not the form's.
 */
const text = (what: string) =>
  z
    .string()
    .trim()
    .min(20, `Beschrijf ${what} in ten minste 20 tekens.`)
    .max(LONG_TEXT_MAX, `De tekst mag hoogstens ${LONG_TEXT_MAX} tekens hebben.`);

export const meldingSchema = z.object({
  actual: money("de gemaakte subsidiabele kosten in dit halfjaar"),
  causes: text("de oorzaken van de lagere kosten"),
  outlook: text("wat u doet en verwacht voor de rest van de periode"),
});
export type MeldingInput = z.input<typeof meldingSchema>;
export type MeldingOutput = z.output<typeof meldingSchema>;
