import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig(({ isSsrBuild }) => ({
  plugins: [reactRouter()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  // The SSR build's entry is the Express sub-app, so build/server/index.js exports `app` (stack.md §8.1).
  build: isSsrBuild ? { rollupOptions: { input: "./server/app.ts" } } : undefined,
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
  },
}));
