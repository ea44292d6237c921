import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The organisation-scope rule (lint/plan-scope.grit, ADR 0014) run by Biome itself on fixture files
// in a scratch copy of the project's configuration, and on the project.

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const BIOME = path.join(ROOT, "node_modules/.bin/biome");
let dir: string;

type Diagnostic = { category: string; location: { path: string }; message: unknown };

async function pluginDiagnostics(cwd: string, targets: string[]): Promise<Diagnostic[]> {
  // Biome exits 1 when it finds an error; the JSON report is on stdout either way.
  const out = await run(BIOME, ["lint", "--reporter=json", "--max-diagnostics=none", ...targets], {
    cwd,
    maxBuffer: 32 * 1024 * 1024,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? "" }));
  const report = JSON.parse(out.stdout) as { diagnostics: Diagnostic[] };
  return report.diagnostics.filter((d) => d.category === "plugin");
}

const fixture = (query: string, suppression = "") => `import { prisma } from "../../db/client.server.ts";
import type { Actor } from "../actor.ts";
import { planWhereForActor, visiblePlans } from "./access.server.ts";

export async function plans(actor: Actor, planId: string) {
  void planWhereForActor;
  void visiblePlans;
  void actor;
  void planId;
  ${suppression}
  return ${query};
}
`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "plan-scope-"));
  const config = JSON.parse(readFileSync(path.join(ROOT, "biome.json"), "utf8"));
  // No git in the scratch directory; the rest of the configuration is the project's own.
  config.vcs = { enabled: false };
  delete config.$schema;
  writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));
  cpSync(path.join(ROOT, "lint"), path.join(dir, "lint"), { recursive: true });
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write(
    "app/domain/plan/forgot.server.ts",
    fixture(`prisma.plan.findMany({ where: { status: "GRANTED" } })`),
  );
  write(
    "app/domain/plan/by-hand.server.ts",
    fixture(`prisma.plan.count({ where: { organisationId: "org" } })`),
  );
  write("app/routes/forgot.tsx", fixture(`prisma.plan.findFirst({ where: { id: planId } })`));
  write("app/domain/plan/scoped.server.ts", fixture(`prisma.plan.findMany({ where: visiblePlans(actor) })`));
  write(
    "app/domain/plan/one.server.ts",
    fixture(`prisma.plan.findFirst({ where: planWhereForActor(actor, planId), select: { id: true } })`),
  );
  write(
    "app/domain/plan/own.server.ts",
    fixture(`prisma.plan.findMany({ where: { organisationId: { in: actor.organisationIds } } })`),
  );
  write(
    "app/domain/plan/checked.server.ts",
    fixture(
      `prisma.plan.findUnique({ where: { id: planId } })`,
      "// biome-ignore lint/plugin/plan-scope: looked up with planWhereForActor by the caller",
    ),
  );
  // Staff and worker modules are outside the rule (the allow-list in biome.json).
  write("workers/processors/staff.ts", fixture(`prisma.plan.findMany({ where: { status: "GRANTED" } })`));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("lint/plan-scope.grit", () => {
  it("flags a plan query without the reader's scope in applicant-facing modules and routes", async () => {
    const found = await pluginDiagnostics(dir, ["app", "workers"]);
    const files = found.map((d) => d.location.path).sort();
    expect(files).toEqual([
      "app/domain/plan/by-hand.server.ts",
      "app/domain/plan/forgot.server.ts",
      "app/routes/forgot.tsx",
    ]);
    expect(JSON.stringify(found[0]?.message)).toContain("planWhereForActor");
  }, 60_000);

  it("finds nothing to flag in the project itself", async () => {
    expect(await pluginDiagnostics(ROOT, ["app"])).toEqual([]);
  }, 120_000);
});
