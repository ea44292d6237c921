import path from "node:path";
import { defineConfig } from "vitest/config";
import { VITEST_WORKERS } from "./app/test/vitest-databases.ts";

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
    // Two files at once, each worker on its own copy of the migrated database (globalSetup) with its
    // own BullMQ prefix (setupFiles), so that a test that counts or sums rows never sees another
    // file's rows half-way. Within a worker files run one after another.
    maxWorkers: VITEST_WORKERS,
    globalSetup: ["app/test/vitest-databases.ts"],
    // One module graph for all files: importing Prisma, React Router and the domain once instead of
    // per file saves about half a minute. What a file may leave behind in module state is reset
    // before each file by the setup file (the clock); each file still disconnects its Prisma client.
    isolate: false,
    setupFiles: ["app/test/vitest-setup.ts"],
    // Generous: a test stops a hang, not a slow machine. A full run beside other work on 2 cores
    // took 24 s for the workflow table and over 30 s for a test whose sendDueReminders found every
    // reminder the worker's database had gathered from the files before it.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
