import { XMLParser } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import type { BatchDetail, BatchPayment } from "./batches.server.ts";
import { batchSepaXml, sepaFileRefusal, sepaText } from "./sepa.server.ts";

const payment = (over: Partial<BatchPayment> = {}): BatchPayment => ({
  id: "p",
  reference: "SP-2026-0001-V1",
  planId: "plan",
  planReference: "SP-2026-0001",
  kind: "ADVANCE",
  sequence: 1,
  description: "Voorschot 1 sectorplan SP-2026-0001",
  dueOn: "2026-12-01",
  amountCents: 30_000_000n,
  status: "PAID",
  iban: "NL91ABNA0417164300",
  payeeName: "Stichting Opleiding",
  ...over,
});

function approved(payments: BatchPayment[], over: Partial<BatchDetail> = {}): BatchDetail {
  return {
    id: "b",
    reference: "BB-2026-0001",
    status: "APPROVED",
    executionDate: "2026-12-01",
    totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0n),
    count: payments.length,
    preparedById: "u",
    preparedBy: "Financiën",
    preparedAt: new Date("2026-12-01T05:00:00Z"),
    approvedBy: "Financiën 2",
    // 06:18:40 on the Dutch clock (winter time, UTC+1).
    approvedAt: new Date("2026-12-01T05:18:40.250Z"),
    payments,
    ...over,
  };
}

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

function underTz<T>(tz: string, f: () => T): T {
  process.env.TZ = tz;
  return f();
}

const grpHdr = (xml: string) =>
  new XMLParser({ parseTagValue: false }).parse(xml).Document.CstmrCdtTrfInitn.GrpHdr as Record<
    string,
    string
  >;

describe("the SEPA file whatever the server's time zone", () => {
  it("writes CreDtTm as the approval on the Dutch clock with its offset, and the same bytes everywhere", () => {
    const batch = approved([payment()]);
    const files = ["Europe/Amsterdam", "UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"].map(
      (tz) => underTz(tz, () => batchSepaXml(batch)),
    );
    expect(grpHdr(files[0] as string).CreDtTm).toBe("2026-12-01T06:18:40+01:00");
    // Noon in Amsterdam is the next day at UTC+14 and the day before at UTC-12: still 1 December.
    expect(files[0]).toContain("<ReqdExctnDt>2026-12-01</ReqdExctnDt>");
    for (const f of files) expect(f).toBe(files[0]);
  });

  it("writes summer time with +02:00", () => {
    const batch = approved([payment()], {
      approvedAt: new Date("2026-07-01T21:59:59Z"),
      executionDate: "2026-07-02",
    });
    expect(grpHdr(underTz("UTC", () => batchSepaXml(batch))).CreDtTm).toBe("2026-07-01T23:59:59+02:00");
  });
});

describe("the SEPA file's totals against the batch", () => {
  it("refuses a file whose NbOfTxs or CtrlSum differ from the batch's count and integer-cent total", () => {
    const two = [payment(), payment({ id: "q", reference: "SP-2026-0002-V1", amountCents: 1_00n })];
    expect(() => batchSepaXml(approved(two, { totalCents: 30_001_01n }))).toThrow(/does not match the batch/);
    // A payment not paid is left out of the file; the batch as approved counted it.
    const notPaid = [payment(), payment({ id: "q", reference: "SP-2026-0002-V1", status: "CANCELLED" })];
    expect(() => batchSepaXml(approved(notPaid))).toThrow(/does not match the batch/);
    expect(batchSepaXml(approved(two))).toContain("<NbOfTxs>2</NbOfTxs><CtrlSum>300001.00</CtrlSum>");
    // A payment the bank sent back after approval was in the file the bank got: it stays in it.
    const returned = [two[0] as BatchPayment, { ...(two[1] as BatchPayment), status: "RETURNED" as const }];
    expect(batchSepaXml(approved(returned))).toBe(batchSepaXml(approved(two)));
  });

  it("refuses the library's floating-point sum when it is off by cents", () => {
    // 1000 × € 999.999.999,99 summed as doubles gives 999999999989.99, not 999999999990.00.
    const many = Array.from({ length: 1000 }, (_, i) =>
      payment({ id: `p${i}`, reference: `SP-2026-0001-V${i + 1}`, amountCents: 999_999_999_99n }),
    );
    expect(() => batchSepaXml(approved(many))).toThrow(/999999999990\.00 EUR/);
  });
});

describe("sepaText", () => {
  it("spells letters NFD leaves whole in Latin instead of turning them into a space", () => {
    expect(sepaText("Stiftung Weiterbildung Straße", 70)).toBe("Stiftung Weiterbildung Strasse");
    // Dutch names as typed on a phone or in Word: curly apostrophes, the IJ ligature, an en dash.
    expect(sepaText("Vereniging \u2019t Gooi \u2013 \u2018s-Hertogenbosch", 70)).toBe(
      "Vereniging 't Gooi - 's-Hertogenbosch",
    );
    expect(sepaText("\u0132sselland \u0133sbaan", 70)).toBe("IJsselland ijsbaan");
    expect(sepaText("Øresund Opleidingen ApS", 70)).toBe("Oresund Opleidingen ApS");
    expect(sepaText("Ærø Scholing", 70)).toBe("AEro Scholing");
    expect(sepaText("Łódź Training", 70)).toBe("Lodz Training");
    expect(sepaText("Œuvre Cœur Đakovo đ Þór þing æ ø ł", 70)).toBe(
      "OEuvre Coeur Dakovo d THor thing ae o l",
    );
    expect(sepaText("Coöperatie Scholing & Werk", 70)).toBe("Cooperatie Scholing + Werk");
  });

  it("cuts at the maximum length without leaving a trailing space", () => {
    const name = `${"Stichting Bouw".padEnd(69, "x")} en meer`;
    expect(sepaText(name, 70)).toBe(`${"Stichting Bouw".padEnd(69, "x")}`);
    // ß becomes two letters before the cut, not after.
    expect(sepaText("ß".repeat(40), 70)).toBe("s".repeat(70));
  });
});

describe("sepaFileRefusal", () => {
  const batch = (status: "PREPARED" | "APPROVED" | "CANCELLED") => ({
    status,
    executionDate: "2026-12-01" as const,
  });
  it("refuses only the first file of an approved batch after its execution day", () => {
    expect(sepaFileRefusal(batch("APPROVED"), false, "2026-12-02")).toMatch(
      /^De uitvoeringsdatum van deze batch \(1 december 2026\) is voorbij/,
    );
    // On the day itself the file can still go to the bank.
    expect(sepaFileRefusal(batch("APPROVED"), false, "2026-12-01")).toBeNull();
    // Handed out before: the same file again, whatever the day.
    expect(sepaFileRefusal(batch("APPROVED"), true, "2027-01-15")).toBeNull();
    // An unapproved batch has no file at all (batchSepaXml says so).
    expect(sepaFileRefusal(batch("PREPARED"), false, "2026-12-02")).toBeNull();
  });
});
