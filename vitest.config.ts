import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    environment: "node",
    include: [
      "app/**/*.test.{ts,tsx}",
      "workers/**/*.test.ts",
      "scripts/**/*.test.ts",
      "server/**/*.test.ts",
    ],
    // Integration tests share one real database. Running files one after another keeps a test that
    // counts or sums rows from seeing another file's rows half-way; tests still create their own rows.
    fileParallelism: false,
    // One module graph for all files: importing Prisma, React Router and the domain once instead of
    // per file saves about half a minute. What a file may leave behind in module state is reset
    // before each file by the setup file (the clock); each file still disconnects its Prisma client.
    isolate: false,
    setupFiles: ["app/test/vitest-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
