import { z } from "zod";

/** Step 7's declarations: both must be ticked before submission. */
export function declarationsSchema() {
  return z.object({
    truthful: z.boolean().refine((v) => v, {
      message: "Verklaar dat u het formulier naar waarheid heeft ingevuld.",
    }),
    stateAid: z.boolean().refine((v) => v, {
      message: "Verklaar dat u de regels voor de-minimissteun en staatssteun heeft gelezen en nageleefd.",
    }),
  });
}
export type DeclarationsInput = z.input<ReturnType<typeof declarationsSchema>>;

export function emptyDeclarations(): DeclarationsInput {
  return { truthful: false, stateAid: false };
}
