import { defineConfig, devices } from "@playwright/test";
import { CPU_THROTTLE } from "./e2e/cpu-throttle.ts";

// Debian's chromium, not Playwright's own download (which cannot be fetched on these machines).
// The flags keep it from reaching out to Google's services, which the closed network refuses.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const PORT = 3100;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Two in CI too: the machines have 2 cores, and one worker alone would take the suite past 15 minutes.
  workers: 2,
  // Generous: on a loaded 2-core CI machine a plain test took 30 s and a long one over 60 s; no
  // test asserts on time, so the limit only catches a hang.
  // E2E_CPU_THROTTLE slows the pages (e2e/cpu-throttle.ts); the limits grow with it.
  timeout: 90_000 * CPU_THROTTLE,
  expect: { timeout: 10_000 * CPU_THROTTLE },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
    // An action on a missing element fails in 20 s with its locator, instead of hanging until the test's limit.
    actionTimeout: 20_000 * CPU_THROTTLE,
    // A trace of a failed test, without the screencast: encoding a frame stream for every test of
    // the run costs a loaded 2-core machine more than the frames help; actions, DOM snapshots,
    // network and console are kept.
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: chromiumArgs,
        },
      },
    },
  ],
  webServer: {
    command: "node server.mjs",
    // Waiting for the port, not a page: no route is assumed to exist or to answer 2xx.
    port: PORT,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    // The database and Redis come from scripts/test.mjs (or with-services.mjs); the worker runs beside.
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      REDIS_URL: process.env.REDIS_URL ?? "",
      SESSION_SECRET: process.env.SESSION_SECRET ?? "e2e-session-secret-not-for-production",
      // The key the seed sealed the staff's TOTP secrets with (scripts/test.mjs sets it).
      TOTP_KEY: process.env.TOTP_KEY ?? "",
      // One access-log line per request would flood the test output; warnings and errors still show.
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    },
  },
});
