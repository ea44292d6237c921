import { writeFileSync } from "node:fs";
import os from "node:os";

/** One row of the table: a figure, its baseline from the same run, and the goal on their ratio. */
export type Row = {
  name: string;
  figure: number;
  unit: string;
  baseline: number | null;
  baselineName: string;
  ratio: number | null;
  goal: string;
  pass: boolean;
};

const fmt = (n: number | null) =>
  n === null || Number.isNaN(n) ? "—" : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);

export function table(rows: Row[]): string {
  const head = ["Figure", "Value", "Baseline", "Ratio", "Goal", "Result"];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.figure)} ${r.unit}`,
    r.baseline === null ? "—" : `${fmt(r.baseline)} (${r.baselineName})`,
    fmt(r.ratio),
    r.goal,
    r.pass ? "pass" : "FAIL",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function machine() {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function writeResults(file: string, data: unknown): void {
  writeFileSync(file, `${JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? String(v) : v), 2)}\n`);
}
