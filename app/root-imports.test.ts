import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * root.tsx turns zod's JIT off (`z.config({ jitless: true })`) because zod probes `new Function`
 * when it builds an object schema, and our CSP (no 'unsafe-eval') reports that probe in every
 * browser. The modules root imports are evaluated before root's own body, so none of them may build
 * a schema: it would be built before the switch. This once happened through the English message
 * table, which took one constant from the account forms' schema module; the browser tests saw
 * "CSP script-src eval" on every page. A static walk of root's client-side imports (server modules
 * and type-only imports are not in the browser bundle) keeps zod out of them.
 */
const IMPORT = /^(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?["']([^"']+)["'];?/gm;

function runtimeImports(file: string): string[] {
  const specs: string[] = [];
  for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const [, typeOnly, names = "", spec] = m;
    if (typeOnly || !spec) continue;
    // `import { type A, type B } from …` is erased as well.
    if (/^\{\s*(?:type\s+\w+\s*,?\s*)+\}$/.test(names.trim())) continue;
    specs.push(spec);
  }
  return specs;
}

function zodImportersBelow(entry: string): { visited: number; importers: string[] } {
  const seen = new Set<string>();
  const importers: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec === "zod" || spec.startsWith("zod/")) {
        if (file !== entry) importers.push(file);
        continue;
      }
      if (!spec.startsWith(".")) continue;
      const target = path.normalize(path.join(path.dirname(file), spec));
      if (/\.server\.tsx?$/.test(target) || !existsSync(target)) continue;
      visit(target);
    }
  };
  visit(entry);
  return { visited: seen.size, importers };
}

describe("the modules root.tsx imports", () => {
  it("build no zod schema before root switches zod's JIT probe off", () => {
    const { visited, importers } = zodImportersBelow("app/root.tsx");
    // The walk reaches the message tables (i18n/hooks.ts and what it imports), or it proves nothing.
    expect(visited).toBeGreaterThan(10);
    expect(importers).toEqual([]);
  });

  it("are walked far enough to find a schema module behind a message table", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "root-imports-"));
    try {
      writeFileSync(
        path.join(dir, "root.tsx"),
        'import { z } from "zod";\nimport { t } from "./messages.ts";\n',
      );
      writeFileSync(
        path.join(dir, "messages.ts"),
        'import type { Schema } from "./types.ts";\nimport {\n  TOO_LONG,\n} from "./validation.ts";\nimport "./data.server.ts";\n',
      );
      writeFileSync(
        path.join(dir, "validation.ts"),
        'import { z } from "zod";\nexport const TOO_LONG = "x";\n',
      );
      writeFileSync(path.join(dir, "types.ts"), 'import { z } from "zod";\n');
      writeFileSync(path.join(dir, "data.server.ts"), 'import { z } from "zod";\n');
      const { importers } = zodImportersBelow(path.join(dir, "root.tsx"));
      // Not root itself, not a type-only import, not a server module: the schema module only.
      expect(importers).toEqual([path.join(dir, "validation.ts")]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
