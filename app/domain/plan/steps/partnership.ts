import { z } from "zod";
import { DRAFT_LIST_CAP, requiredText, TITLE_MAX } from "./common.ts";

export const PARTNER_KINDS = ["EMPLOYERS", "EMPLOYEES", "OTHER"] as const;

/** Step 2, "Samenwerkingsverband": at least one employers' and one employees' organisation. */
export function partnershipStepSchema() {
  const partner = z.object({
    kind: z.enum(PARTNER_KINDS, { message: "Kies het soort organisatie." }),
    name: requiredText("de naam van de organisatie", TITLE_MAX),
    contactName: requiredText("de naam van de contactpersoon", TITLE_MAX),
    contactEmail: z
      .string()
      .trim()
      .min(1, "Vul het e-mailadres van de contactpersoon in.")
      .pipe(z.email("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")),
  });
  const list = z.array(partner).max(DRAFT_LIST_CAP, `Voeg hoogstens ${DRAFT_LIST_CAP} organisaties toe.`);
  return z.object({ partners: list }).superRefine(
    (v, ctx) => {
      // Runs even when a partner's fields are wrong (`when`): the rule shows together with them.
      const partners: unknown[] = Array.isArray(v?.partners) ? v.partners : [];
      const has = (kind: string) =>
        partners.some((p) => !!p && typeof p === "object" && (p as { kind?: unknown }).kind === kind);
      if (!has("EMPLOYERS"))
        ctx.addIssue({
          code: "custom",
          path: ["partners"],
          message: "Het samenwerkingsverband heeft ten minste één werkgeversorganisatie.",
        });
      if (!has("EMPLOYEES"))
        ctx.addIssue({
          code: "custom",
          path: ["partners"],
          message: "Het samenwerkingsverband heeft ten minste één werknemersorganisatie.",
        });
    },
    { when: () => true },
  );
}
export type PartnershipStepInput = z.input<ReturnType<typeof partnershipStepSchema>>;
export type PartnershipStepOutput = z.output<ReturnType<typeof partnershipStepSchema>>;
export type PartnerInput = PartnershipStepInput["partners"][number];

export function emptyPartner(kind: PartnerInput["kind"] | "" = ""): PartnerInput {
  return { kind: kind as PartnerInput["kind"], name: "", contactName: "", contactEmail: "" };
}

export function emptyPartnershipStep(): PartnershipStepInput {
  return { partners: [emptyPartner("EMPLOYERS"), emptyPartner("EMPLOYEES")] };
}
