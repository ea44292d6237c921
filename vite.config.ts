import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { designSystemBundle } from "./scripts/lib/design-system-bundle.ts";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [designSystemBundle(), reactRouter()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  build: isSsrBuild
    ? // The SSR build's entry is the Express sub-app, so build/server/index.js exports `app` (stack.md §8.1).
      { rollupOptions: { input: "./server/app.ts" } }
    : {
        rollupOptions: {
          // Calls the design-system bundles make at the top level to build components and icons we
          // may never use; marked pure, the unused ones are left out (ADR 0018).
          treeshake: { manualPureFunctions: ["jsx", "jsxs", "createReactComponent", "forwardRef"] },
        },
      },
  optimizeDeps: {
    // Found late otherwise: Vite reloads mid-visit and two Reacts end up on the page (stack.md §8.1 pitfall 3).
    include: [
      "@rijkshuisstijl-community/components-react",
      "react-hook-form",
      "remix-hook-form",
      "@hookform/resolvers/zod",
      "zod",
      "i18next",
      "react-i18next",
    ],
    exclude: ["@node-rs/argon2"],
    // Dev's pre-bundled copy gets the same rewrite, so that dev's cascade is the build's.
    rolldownOptions: { plugins: [designSystemBundle()] },
  },
}));
