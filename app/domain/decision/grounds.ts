/**
 * The grounds a decision maker may refuse on (wholly or in part): the regulation's own grounds of
 * art. 2.5 (its assessment criteria, Regulation.criteria) and the fixed grounds of the Awb. Plain
 * data, so the browser's form and the server's check use the same list.
 */

export type DecisionGround = { code: string; label: string; basis: string };

/** Awb 4:25, second paragraph: refused insofar as granting would exceed the subsidieplafond. */
export const CEILING_REACHED = "subsidieplafond-bereikt";

const FIXED_GROUNDS: DecisionGround[] = [
  { code: CEILING_REACHED, label: "Subsidieplafond bereikt", basis: "artikel 4:25, tweede lid, Awb" },
  {
    code: "awb-4-35",
    label: "Gegronde reden om aan te nemen dat de activiteiten niet of niet geheel zullen plaatsvinden",
    basis: "artikel 4:35, eerste lid, onder a, Awb",
  },
  {
    code: "awb-4-35-verplichtingen",
    label: "Gegronde reden om aan te nemen dat de aanvrager niet aan de verplichtingen zal voldoen",
    basis: "artikel 4:35, eerste lid, onder b, Awb",
  },
];

/**
 * The regulation's grounds (criteria, in its order) followed by the fixed Awb grounds. A criterion
 * is worded as what an adviser checks ("De arbeidsmarktanalyse is toereikend"); a refusal rests on
 * its opposite, so the ground's label is the criterion's `refusal` wording, or names the criterion
 * that was not met. The letter must never refuse "because the analysis is sufficient".
 */
export function decisionGrounds(criteria: unknown): DecisionGround[] {
  const items = Array.isArray(criteria)
    ? (criteria as { code?: unknown; label?: unknown; refusal?: unknown }[])
    : [];
  const own = items
    .filter((c) => typeof c.code === "string" && c.code !== "")
    .map((c) => ({
      code: `art-2.5-${String(c.code)}`,
      label:
        typeof c.refusal === "string" && c.refusal.trim() !== ""
          ? c.refusal.trim()
          : `Niet voldaan aan het criterium “${String(c.label ?? c.code)}”`,
      basis: "artikel 2.5 van de regeling",
    }));
  return [...own, ...FIXED_GROUNDS];
}

export function findGround(grounds: DecisionGround[], code: string | undefined): DecisionGround | undefined {
  return code ? grounds.find((g) => g.code === code) : undefined;
}

/**
 * The motivation as it is stored on the Decision and printed in the letter: the ground first, so
 * the applicant reads on which ground (and article) the refusal rests (Awb 3:47).
 */
export function reasonWithGround(ground: DecisionGround | undefined, motivation: string): string {
  const text = motivation.trim();
  return ground ? `Grond: ${ground.label} (${ground.basis}).\n\n${text}` : text;
}
