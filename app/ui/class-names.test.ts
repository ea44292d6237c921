import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * Every class our markup names is defined by a stylesheet the pages load, or is listed below as a
 * hook. A class defined nowhere styles nothing, silently: "utrecht-visually-hidden" (the library
 * has no such class) left the "visually hidden" texts of seven pages visible, and
 * "utrecht-table__cell--numeric" (the library's is "--numeric-column") aligned no amount.
 */

const root = path.resolve(import.meta.dirname, "../..");

/** Classes that mark an element for tests or scripts and need no style of their own. */
const HOOKS = new Set([
  "sp-char-count", // e2e finds the counter by it; the text needs no style
  "sp-checklist", // the completeness checklist table
  "sp-header__user", // the signed-in user's name in the header
  "sp-totals", // the measures' totals table
  "sp-wizard__main", // the wizard's main column
  "sp-wizard__number", // a step's number in the step list
  "sp-wizard__step--closed", // a step not reopened after a supplement request: its text says so
]);

function files(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix) && !f.includes(".test."))
    .map((f) => path.join(dir, f));
}

/** Every class selector in the stylesheets the root layout and the components import. */
function definedClasses(): Set<string> {
  const sheets = [
    path.join(root, "node_modules/@rijkshuisstijl-community/design-tokens/dist/index.css"),
    path.join(root, "node_modules/@rijkshuisstijl-community/components-css/dist/index.css"),
    ...files(path.join(root, "app"), ".css"),
  ];
  const defined = new Set<string>();
  for (const sheet of sheets) {
    for (const m of readFileSync(sheet, "utf8").matchAll(/\.(-?[_a-zA-Z][\w-]*)/g))
      defined.add(m[1] as string);
  }
  return defined;
}

/**
 * The design system's and our own class names written in className attributes. A name that ends
 * in "-" is the fixed part of a modifier built at run time (`sp-wizard__step--${state}`): skipped.
 */
function usedClasses(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of files(path.join(root, "app"), ".tsx")) {
    const source = readFileSync(file, "utf8");
    for (const attr of source.matchAll(/className=(?:"([^"]*)"|\{([\s\S]*?)\}\s*(?:\/?>|\w+=))/g)) {
      const text = attr[1] ?? attr[2] ?? "";
      for (const m of text.matchAll(/(?<![\w$-])((?:sp|utrecht|rhc|nl)-[\w-]*[\w])(?![\w-]|\$\{)/g)) {
        const name = m[1] as string;
        used.set(name, [...(used.get(name) ?? []), path.relative(root, file)]);
      }
    }
  }
  return used;
}

describe("class names in the markup", () => {
  it("finds the classes (the scan itself works)", () => {
    const used = usedClasses();
    expect(used.has("sp-visually-hidden")).toBe(true);
    expect(used.has("utrecht-table__cell")).toBe(true);
    expect(definedClasses().has("utrecht-table__cell--numeric-column")).toBe(true);
  });

  it("are each defined by a stylesheet the pages load, or a listed hook", () => {
    const defined = definedClasses();
    const undefinedClasses = [...usedClasses()]
      .filter(([name]) => !defined.has(name) && !HOOKS.has(name))
      .map(([name, where]) => `${name} (${[...new Set(where)].join(", ")})`);
    expect(undefinedClasses).toEqual([]);
  });

  it("lists no hook that has since been given a style", () => {
    const defined = definedClasses();
    expect([...HOOKS].filter((h) => defined.has(h))).toEqual([]);
  });
});
