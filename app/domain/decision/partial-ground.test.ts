import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../db/client.server.ts";
import { advisePlan, completePlan } from "../../test/plan-steps.server.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { produceDecisionLetter } from "../documents/produce.server.ts";
import { readDocument } from "../documents/store.server.ts";
import { RuleViolation } from "../errors.ts";
import { decisionFormSchema } from "../plan/plan-form.ts";
import { decidePlan } from "../plan/plans.server.ts";

/**
 * Review finding 6: a grant in part refuses the rest, and a refusal rests on a ground (Awb
 * 3:46/3:47, design.md §4 "grant in part (with reasons)"): the ground is chosen from the list, as
 * for a rejection, stored on the Decision (groundCode) and cited in the letter's motivation.
 */

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});

const partial = (ground?: string) => ({
  outcome: "PARTIAL_GRANT" as const,
  ground,
  reason: "De kosten van het tweede jaar zijn maar voor een deel onderbouwd.",
  amounts: [
    { year: s.year + 1, amount: 30_000_000n },
    { year: s.year + 2, amount: 15_000_000n },
  ],
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text.replace(/\s+/g, " ");
}

describe("the ground of a grant in part", () => {
  it("the form asks for the ground of a grant in part, as of a rejection", () => {
    const r = decisionFormSchema.safeParse({
      outcome: "PARTIAL_GRANT",
      reason: "Deels.",
      amounts: [{ year: 2027, amount: "100,00" }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "ground",
      "Kies de grond waarop u de aanvraag voor het overige afwijst.",
    ]);
  });

  it("is refused without a ground, and nothing is decided", async () => {
    const { id, version } = await completePlan(s);
    const advised = await advisePlan(s, id, version);
    const err = await decidePlan(s.decisionMaker, id, advised, partial()).catch((e) => e);
    expect(err).toBeInstanceOf(RuleViolation);
    expect(err.field).toBe("ground");
    // The same with "grant" and a lower amount: that is a grant in part too.
    await expect(
      decidePlan(s.decisionMaker, id, advised, { ...partial(), outcome: "GRANT" }),
    ).rejects.toBeInstanceOf(RuleViolation);
    expect(await prisma.decision.count({ where: { planId: id } })).toBe(0);
  });

  it("stores the ground on the Decision and cites it in the letter", async () => {
    const { id, version } = await completePlan(s);
    const advised = await advisePlan(s, id, version);
    const done = await decidePlan(s.decisionMaker, id, advised, partial("awb-4-35"));
    expect(done.status).toBe("PARTIALLY_GRANTED");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { planId: id } });
    expect(decision.groundCode).toBe("awb-4-35");
    expect(decision.reason).toMatch(/^Grond: Gegronde reden .* \(artikel 4:35, eerste lid, onder a, Awb\)\./);

    const doc = await produceDecisionLetter(decision.id);
    expect(doc.templateVersion).toBe("beschikking-gedeeltelijke-verlening@8");
    const text = await pdfText((await readDocument(doc.id)).bytes);
    expect(text).toContain("Grond: Gegronde reden om aan te nemen dat de activiteiten niet of niet geheel");
    // The legal basis names where the grounds are, the Awb's 4:35 among them, as a rejection's does.
    expect(text).toContain("artikel 4:35 van de Awb");
  });

  it("stores no ground for a grant in full", async () => {
    const { id, version } = await completePlan(s);
    const advised = await advisePlan(s, id, version);
    await decidePlan(s.decisionMaker, id, advised, {
      outcome: "GRANT",
      reason: "Het plan voldoet aan de regeling.",
      amounts: [
        { year: s.year + 1, amount: 30_000_000n },
        { year: s.year + 2, amount: 30_000_000n },
      ],
    });
    expect((await prisma.decision.findUniqueOrThrow({ where: { planId: id } })).groundCode).toBeNull();
  });
});
