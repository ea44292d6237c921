// Runs one command with PostgreSQL (migrated) and Redis up, then stops what it started:
//   node scripts/with-services.mjs [--no-redis] [--test] <cmd...>
// --test uses the test services (.data/test, other ports), as `npm test` does.
import { spawn } from "node:child_process";
import { migrate } from "./migrate.mjs";
import { PROJECT_ROOT, START_SERVICES, startServices, TEST_SERVICES } from "./services.mjs";

/** Spawns `cmd` with the given env, forwarding SIGINT/SIGTERM to it; resolves with its exit code. */
export function runChild(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    const forward = (signal) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal === "SIGINT" ? 130 : 143));
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  let needRedis = true;
  let profile = START_SERVICES;
  while (argv[0]?.startsWith("--")) {
    const flag = argv.shift();
    if (flag === "--no-redis") needRedis = false;
    else if (flag === "--test") profile = TEST_SERVICES;
    else {
      console.error(`unknown option ${flag}`);
      process.exit(64);
    }
  }
  if (argv.length === 0) {
    console.error("Usage: node scripts/with-services.mjs [--no-redis] [--test] <cmd...>");
    process.exit(64);
  }
  const services = await startServices({ ...profile, needRedis }).catch((error) => {
    console.error(`[services] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
  let code = 1;
  try {
    await migrate(services.databaseUrl);
    const env = { ...process.env, DATABASE_URL: services.databaseUrl };
    if (services.redisUrl) env.REDIS_URL = services.redisUrl;
    const [cmd, ...args] = argv;
    // npm scripts run with node_modules/.bin on PATH; a direct call may not, so add it.
    env.PATH = `${PROJECT_ROOT}/node_modules/.bin:${env.PATH ?? ""}`;
    code = await runChild(cmd, args, env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await services.stop();
  }
  process.exit(code);
}
