// Runs `prisma generate` offline. The Prisma CLI insists on locating its native schema engine
// even for `generate`, which never calls it; pointing it at /bin/true avoids a download that
// cannot happen on these machines (docs/decisions/0002-prisma-migrations-offline.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("node_modules/.bin/prisma")) process.exit(0);
const r = spawnSync("node_modules/.bin/prisma", ["generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(r.status ?? 1);
