/**
 * A build step for the two design-system packages whose published bundles cost every page far more
 * than the components we use (ADR 0018):
 *
 * - `@rijkshuisstijl-community/components-react` carries a copy of all its CSS (350 KB) as a string
 *   and puts it into a `<style>` element when the module loads. The same CSS, byte for byte, is
 *   already on the page through `components-css/dist/index.css` (app/root.tsx). The copy was parsed
 *   twice on every page load, and because it was appended last it overrode app.css after hydration.
 * - Both it and `@utrecht/component-library-react` set `X.displayName = "X"` after each component.
 *   Those assignments are all the bundler sees of a component we never import, so every one of the
 *   ~150 components stayed in, and with them ~250 icons. The name is only read by React's developer
 *   tools; React itself falls back to the function's name.
 *
 * Each rewrite is checked: if a new version of a package no longer has what is removed, the build
 * fails instead of silently shipping it all again.
 */

const RHC = "/@rijkshuisstijl-community/components-react/dist/index.esm.js";
const UTRECHT = "/@utrecht/component-library-react/dist/index.mjs";
const STYLE_INJECT = "styleInject(css_248z);";
// A top-level statement of its own, not the one inside the icon factory (that one is indented).
const DISPLAY_NAME = /^[A-Za-z_$][\w$]*\.displayName = (['"])[\w$.]+\1;$/gm;

export function isDesignSystemBundle(id: string): boolean {
  const path = id.split("?")[0]?.replace(/\\/g, "/") ?? "";
  return path.endsWith(RHC) || path.endsWith(UTRECHT);
}

/** The module's code without the injected CSS and the displayName assignments; null if not ours. */
export function slimDesignSystemBundle(code: string, id: string): string | null {
  if (!isDesignSystemBundle(id)) return null;
  let out = code;
  if (id.includes(RHC)) {
    if (!out.includes(STYLE_INJECT))
      throw new Error(`${RHC}: "${STYLE_INJECT}" not found; see scripts/lib/design-system-bundle.ts`);
    out = out.replace(STYLE_INJECT, "");
  }
  const names = out.match(DISPLAY_NAME)?.length ?? 0;
  if (names < 20)
    throw new Error(
      `${id}: ${names} displayName assignments found, expected many; see design-system-bundle.ts`,
    );
  return out.replace(DISPLAY_NAME, "");
}

/** The rewrite as a Vite (and Rolldown) plugin: for the build and for dev's pre-bundling alike. */
export function designSystemBundle() {
  return {
    name: "sectorplan:design-system-bundle",
    enforce: "pre" as const,
    transform(code: string, id: string) {
      const out = slimDesignSystemBundle(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}
