import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDesignSystemBundle, slimDesignSystemBundle } from "./design-system-bundle.ts";

// The files as installed: the rewrite must fit the versions package-lock.json pins.
const require = createRequire(import.meta.url);
const rhcDir = path.dirname(path.dirname(require.resolve("@rijkshuisstijl-community/components-react")));
const rhcFile = path.join(rhcDir, "dist/index.esm.js");
// Utrecht's package exports ESM only; it sits under the Rijkshuisstijl package or beside it.
const utrechtFile = [path.join(rhcDir, "node_modules"), path.join(rhcDir, "../..")]
  .map((dir) => path.join(dir, "@utrecht/component-library-react/dist/index.mjs"))
  .find(existsSync) as string;

describe("design-system bundle rewrite", () => {
  it("recognises the two bundles and nothing else", () => {
    expect(isDesignSystemBundle(rhcFile)).toBe(true);
    expect(isDesignSystemBundle(`${utrechtFile}?v=1a2b`)).toBe(true);
    expect(isDesignSystemBundle("/x/node_modules/react-dom/index.js")).toBe(false);
    expect(slimDesignSystemBundle("const a = 1;", "/x/app/root.tsx")).toBeNull();
  });

  it("drops the injected copy of the CSS and every top-level displayName, and nothing else", () => {
    const code = readFileSync(rhcFile, "utf8");
    const out = slimDesignSystemBundle(code, rhcFile) as string;
    expect(code).toContain("styleInject(css_248z);");
    expect(out).not.toContain("styleInject(css_248z);");
    expect(out).not.toMatch(/^Alert\.displayName = 'Alert';$/m);
    // The icon factory's own assignment is inside a function and stays.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the library's source text, looked for as it is.
    expect(out).toContain("Component.displayName = `${iconNamePascal}`;");
    // Only whole lines go: the rest of the module is unchanged.
    const kept = code
      .split("\n")
      .filter((l) => l !== "styleInject(css_248z);" && !/^[\w$]+\.displayName = '[\w$.]+';$/.test(l));
    expect(out.split("\n").filter((l) => l !== "")).toEqual(kept.filter((l) => l !== ""));
  });

  it("works on the Utrecht bundle, which has no injected CSS", () => {
    const code = readFileSync(utrechtFile, "utf8");
    const out = slimDesignSystemBundle(code, utrechtFile) as string;
    expect(out).not.toMatch(/^Button\.displayName = 'Button';$/m);
    expect(out.length).toBeLessThan(code.length);
  });

  it("fails the build when a new version no longer matches, instead of shipping it all again", () => {
    expect(() => slimDesignSystemBundle("export const x = 1;", rhcFile)).toThrow(/styleInject/);
    expect(() => slimDesignSystemBundle("export const x = 1;", utrechtFile)).toThrow(/displayName/);
  });
});
