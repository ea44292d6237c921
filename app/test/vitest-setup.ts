// Run before every test file. The files share one module graph per worker (isolate: false in
// vitest.config.ts), so a clock one file froze must not reach the next: two rows written at one
// frozen moment tie on createdAt and come back in a random order.
import { setClock } from "../domain/clock.ts";
import { workerDatabaseUrl } from "./vitest-databases.ts";

setClock(null);

// Each worker its own database and BullMQ prefix (app/test/vitest-databases.ts), set before the
// test file imports anything that reads them. Child processes a test starts inherit both.
const worker = process.env.VITEST_POOL_ID;
if (worker && process.env.DATABASE_URL) {
  const baseUrl = process.env.VITEST_BASE_DATABASE_URL ?? process.env.DATABASE_URL;
  const basePrefix = process.env.VITEST_BASE_BULLMQ_PREFIX ?? process.env.BULLMQ_PREFIX ?? "bull";
  process.env.VITEST_BASE_DATABASE_URL = baseUrl;
  process.env.VITEST_BASE_BULLMQ_PREFIX = basePrefix;
  process.env.DATABASE_URL = workerDatabaseUrl(baseUrl, worker);
  process.env.BULLMQ_PREFIX = `${basePrefix}-vt${worker}`;
}
