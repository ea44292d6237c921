import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../db/client.server.ts";
import type { Role } from "../generated/prisma/enums.ts";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import {
  codeStep,
  ENROL_PATH,
  enrolmentOffer,
  enrolmentStep,
  passwordStep,
  SECOND_FACTOR_PATH,
  type StepResult,
  startLogin,
  startLoginFor,
} from "./login.server.ts";
import { hashPassword } from "./password.server.ts";
import {
  authenticate,
  createUserSession,
  destroyUserSession,
  getSessionUser,
  safeRedirect,
} from "./session.server.ts";
import { accountLimit, addressLimit } from "./throttle.server.ts";
import { currentCode, newTotpSecret, openSecret, sealSecret } from "./totp.server.ts";

const PASSWORD = "een-lang-wachtwoord-2026";
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(() => disconnectPrisma());

const newEmail = () => `login-${randomUUID()}@example.nl`;
/** A fresh address per test: the per-address counter must not leak between tests. */
const newAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

async function user(role: Role, opts: { active?: boolean; totpSecret?: string } = {}) {
  return prisma.user.create({
    data: {
      email: newEmail(),
      name: "Test",
      passwordHash,
      active: opts.active ?? true,
      totpSecret: opts.totpSecret ? sealSecret(opts.totpSecret) : null,
      memberships: { create: { role } },
    },
  });
}

/** A POST as server/app.ts hands it on: the client address in its header, cookies as the browser sends them. */
function post(path: string, address: string, cookies: string[] = []): Request {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: address });
  if (cookies.length > 0) headers.set("Cookie", cookies.map((c) => c.split(";")[0]).join("; "));
  return new Request(`http://localhost${path}`, { method: "POST", headers });
}

function login(email: string, password: string, address: string, cookies: string[] = []) {
  return passwordStep(post("/login", address, cookies), { email, password });
}

function redirected(result: StepResult) {
  if (result.kind !== "redirect") throw new Error(`expected a redirect, got ${result.kind}`);
  return result;
}

const sessionsOf = (userId: string) => prisma.session.count({ where: { userId } });

describe("passwords", () => {
  it("are stored as argon2id hashes", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    const seeded = await prisma.user.findFirst({ where: { email: "aanvrager.metaal@example.nl" } });
    if (seeded) expect(seeded.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe("a refused login", () => {
  it("is one answer for an unknown address, a wrong password and an inactive account", async () => {
    const active = await user("APPLICANT");
    const inactive = await user("APPLICANT", { active: false });
    const address = newAddress();
    expect(await login(newEmail(), PASSWORD, address)).toEqual({ kind: "refused" });
    expect(await login(active.email, "niet-het-wachtwoord", address)).toEqual({ kind: "refused" });
    expect(await login(inactive.email, PASSWORD, address)).toEqual({ kind: "refused" });
    expect(await sessionsOf(inactive.id)).toBe(0);
    // …while the right password of the active account logs in.
    expect((await login(active.email, PASSWORD, address)).kind).toBe("redirect");
  });

  it("takes about as long for an unknown address as for a wrong password", async () => {
    const known = await user("APPLICANT");
    const unknown = newEmail();
    await authenticate(unknown, "warm-up"); // the dummy hash is made once per process
    const time = async (email: string) => {
      const t0 = performance.now();
      await authenticate(email, "niet-het-wachtwoord");
      return performance.now() - t0;
    };
    const a: number[] = [];
    const b: number[] = [];
    // Interleaved, so that a slow moment of the machine hits both sides alike.
    for (let i = 0; i < 12; i++) {
      a.push(await time(unknown));
      b.push(await time(known.email));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
    const ratio = median(a) / median(b);
    // An unknown address that skipped the hash would be 10-100x faster: a generous band still catches it.
    expect(
      ratio,
      `unknown ${median(a).toFixed(1)} ms, wrong password ${median(b).toFixed(1)} ms`,
    ).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("throttling", () => {
  it("blocks an account after repeated failures from any address, even with the right password", async () => {
    const u = await user("APPLICANT");
    for (let i = 0; i < accountLimit(); i++)
      expect(await login(u.email, `fout-${i}`, newAddress())).toEqual({ kind: "refused" });
    const blocked = await login(u.email.toUpperCase(), PASSWORD, newAddress());
    expect(blocked.kind).toBe("throttled");
    if (blocked.kind === "throttled") expect(blocked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("holds its limit against guesses sent at once: no more than the limit reach the password check", async () => {
    const u = await user("APPLICANT");
    const guesses = 4 * accountLimit();
    const results = await Promise.all(
      Array.from({ length: guesses }, (_, i) => login(u.email, `fout-${i}`, newAddress())),
    );
    const refused = results.filter((r) => r.kind === "refused").length;
    expect(refused).toBeLessThanOrEqual(accountLimit());
    expect(results.filter((r) => r.kind === "throttled")).toHaveLength(guesses - refused);
    expect((await login(u.email, PASSWORD, newAddress())).kind).toBe("throttled");
  });

  it("blocks an unknown address exactly like a real one", async () => {
    const ghost = newEmail();
    for (let i = 0; i < accountLimit(); i++)
      expect(await login(ghost, `fout-${i}`, newAddress())).toEqual({ kind: "refused" });
    expect((await login(ghost, PASSWORD, newAddress())).kind).toBe("throttled");
  });

  it("forgets an account's failures after a complete login", async () => {
    const u = await user("APPLICANT");
    const address = newAddress();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < accountLimit() - 1; i++) await login(u.email, "fout", address);
      expect((await login(u.email, PASSWORD, address)).kind, `round ${round}`).toBe("redirect");
    }
  });

  it("blocks an address after repeated failures over many accounts, not other addresses", async () => {
    const u = await user("APPLICANT");
    const address = newAddress();
    for (let i = 0; i < addressLimit(); i++)
      expect((await login(newEmail(), "fout", address)).kind).toBe("refused");
    expect((await login(u.email, PASSWORD, address)).kind).toBe("throttled");
    expect((await login(u.email, PASSWORD, newAddress())).kind).toBe("redirect");
  });
});

describe("sessions", () => {
  it("get a new id at login: a session id planted before is deleted", async () => {
    const u = await user("APPLICANT");
    const planted = await createUserSession(post("/", newAddress()), u.id);
    const plantedId = (await prisma.session.findMany({ where: { userId: u.id } }))[0]?.id;
    expect(plantedId).toBeDefined();
    const result = redirected(await login(u.email, PASSWORD, newAddress(), [planted]));
    const rows = await prisma.session.findMany({ where: { userId: u.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).not.toBe(plantedId);
    expect(await getSessionUser(post("/", "x", [planted]))).toBeNull();
    expect((await getSessionUser(post("/", "x", result.cookies)))?.id).toBe(u.id);
  });

  it("end on the server at logout: the old cookie no longer works", async () => {
    const u = await user("APPLICANT");
    const { cookies } = redirected(await login(u.email, PASSWORD, newAddress()));
    expect((await getSessionUser(post("/", "x", cookies)))?.id).toBe(u.id);
    const cleared = await destroyUserSession(post("/logout", "x", cookies));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await sessionsOf(u.id)).toBe(0);
    expect(await getSessionUser(post("/", "x", cookies))).toBeNull();
  });
});

describe("staff login", () => {
  it("needs the code after the password: no session before, a session after", async () => {
    const secret = newTotpSecret();
    const u = await user("CASE_HANDLER", { totpSecret: secret });
    const address = newAddress();
    const first = redirected(await login(u.email, PASSWORD, address));
    expect(first.to).toBe(SECOND_FACTOR_PATH);
    expect(first.cookies[0]).toMatch(/^__login_pending=.*HttpOnly.*SameSite=Lax/i);
    expect(await sessionsOf(u.id)).toBe(0);
    expect(await getSessionUser(post("/", address, first.cookies))).toBeNull();

    const code = currentCode(secret);
    const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
    expect(await codeStep(post(SECOND_FACTOR_PATH, address, first.cookies), wrong)).toEqual({
      kind: "refused",
    });
    expect(await sessionsOf(u.id)).toBe(0);

    const done = redirected(await codeStep(post(SECOND_FACTOR_PATH, address, first.cookies), code));
    expect(done.to).toBe("/behandeling");
    expect(await sessionsOf(u.id)).toBe(1);
    expect((await getSessionUser(post("/", address, done.cookies)))?.id).toBe(u.id);
    expect(done.cookies[1]).toMatch(/^__login_pending=;/);
    // The same code a second time (a replay, with the same pending login) does not log in again.
    expect(await codeStep(post(SECOND_FACTOR_PATH, address, first.cookies), code)).toEqual({
      kind: "refused",
    });
    expect(await sessionsOf(u.id)).toBe(1);
  });

  it("is refused without a pending login, or with a forged one", async () => {
    const secret = newTotpSecret();
    const u = await user("ADMIN", { totpSecret: secret });
    expect(await codeStep(post(SECOND_FACTOR_PATH, newAddress()), currentCode(secret))).toEqual({
      kind: "expired",
    });
    const forged = `__login_pending=${Buffer.from(JSON.stringify({ userId: u.id, email: u.email, at: Date.now(), redirectTo: "/" })).toString("base64")}`;
    expect(await codeStep(post(SECOND_FACTOR_PATH, newAddress(), [forged]), currentCode(secret))).toEqual({
      kind: "expired",
    });
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("counts wrong codes as failed logins: the account is then blocked, right code or not", async () => {
    const secret = newTotpSecret();
    const u = await user("FINANCE", { totpSecret: secret });
    const { cookies } = redirected(await login(u.email, PASSWORD, newAddress()));
    for (let i = 0; i < accountLimit(); i++)
      expect((await codeStep(post(SECOND_FACTOR_PATH, newAddress(), cookies), "000000")).kind).not.toBe(
        "redirect",
      );
    expect((await codeStep(post(SECOND_FACTOR_PATH, newAddress(), cookies), currentCode(secret))).kind).toBe(
      "throttled",
    );
    expect((await login(u.email, PASSWORD, newAddress())).kind).toBe("throttled");
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("enrols a staff member without a secret: stored only after a right code, then logged in", async () => {
    const u = await user("DECISION_MAKER");
    const address = newAddress();
    const first = redirected(await login(u.email, PASSWORD, address));
    expect(first.to).toBe(ENROL_PATH);
    const offer = await enrolmentOffer(post(ENROL_PATH, address, first.cookies));
    if (!offer?.cookie) throw new Error("no enrolment offer");
    expect(offer.qrSvg).toContain("<svg");
    // Reloading the page shows the same secret, not a new one.
    const again = await enrolmentOffer(post(ENROL_PATH, address, [offer.cookie]));
    expect(again?.secret).toBe(offer.secret);
    expect(again?.cookie).toBeUndefined();

    expect(await enrolmentStep(post(ENROL_PATH, address, [offer.cookie]), "123")).toEqual({
      kind: "refused",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: u.id } })).totpSecret).toBeNull();
    const done = redirected(
      await enrolmentStep(post(ENROL_PATH, address, [offer.cookie]), currentCode(offer.secret)),
    );
    expect(done.to).toBe("/behandeling");
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(openSecret(stored.totpSecret ?? "")).toBe(offer.secret);
    expect(await prisma.auditLog.count({ where: { targetId: u.id, action: "user.totp-enrolled" } })).toBe(1);
    expect((await getSessionUser(post("/", address, done.cookies)))?.id).toBe(u.id);
  });

  it("is not skipped by a password reset: the reset link leads to the code, an applicant's to a session", async () => {
    const staff = await user("ADVISER", { totpSecret: newTotpSecret() });
    const fresh = await user("ADMIN");
    const applicant = await user("APPLICANT");
    const afterReset = (id: string) => startLoginFor(post("/wachtwoord-herstellen/x", newAddress()), id);
    expect((await afterReset(staff.id)).to).toBe(SECOND_FACTOR_PATH);
    expect((await afterReset(fresh.id)).to).toBe(ENROL_PATH);
    expect(await sessionsOf(staff.id)).toBe(0);
    expect(await sessionsOf(fresh.id)).toBe(0);
    expect((await afterReset(applicant.id)).to).toBe("/aanvrager");
    expect(await sessionsOf(applicant.id)).toBe(1);
  });
});

describe("a login whose account changed after its password was checked", () => {
  // The slow argon2 check leaves a window between reading the account and making the session; what
  // commits in it is taken here as committed between authenticate() and startLogin().
  it("gives no session for the old password once a password reset committed", async () => {
    const u = await user("APPLICANT");
    const proven = await authenticate(u.email, PASSWORD);
    expect(proven).not.toBeNull();
    await prisma.user.update({
      where: { id: u.id },
      data: { passwordHash: await hashPassword("een-nieuw-wachtwoord-2026") },
    });
    const started = await startLogin(post("/login", newAddress()), {
      ...(proven as NonNullable<typeof proven>),
      email: u.email,
    });
    expect(started).toEqual({ kind: "refused" });
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("asks for the code when a first staff role came meanwhile, instead of a password-only session", async () => {
    const u = await prisma.user.create({ data: { email: newEmail(), name: "Test", passwordHash } });
    const proven = await authenticate(u.email, PASSWORD);
    expect(proven?.roles).toEqual([]);
    await prisma.roleMembership.create({ data: { userId: u.id, role: "CASE_HANDLER" } });
    const started = redirected(
      await startLogin(post("/login", newAddress()), {
        ...(proven as NonNullable<typeof proven>),
        email: u.email,
      }),
    );
    expect(started.to).toBe(ENROL_PATH);
    expect(await sessionsOf(u.id)).toBe(0);
  });

  it("ends a staff half-login begun with the old password, also when the reset came during the check", async () => {
    const secret = newTotpSecret();
    const u = await user("CASE_HANDLER", { totpSecret: secret });
    const address = newAddress();
    const proven = await authenticate(u.email, PASSWORD);
    await prisma.user.update({
      where: { id: u.id },
      data: { passwordHash: await hashPassword("een-nieuw-wachtwoord-2026") },
    });
    // The half-login carries the password proven, not the one stored by then.
    const half = redirected(
      await startLogin(post("/login", address), {
        ...(proven as NonNullable<typeof proven>),
        email: u.email,
      }),
    );
    expect(await codeStep(post(SECOND_FACTOR_PATH, address, half.cookies), currentCode(secret))).toEqual({
      kind: "refused",
    });
    expect(await sessionsOf(u.id)).toBe(0);
  });
});

describe("safeRedirect", () => {
  it("keeps a local path with its query and fragment", () => {
    expect(safeRedirect("/aanvrager/plannen/1?tab=2#x")).toBe("/aanvrager/plannen/1?tab=2#x");
    expect(safeRedirect("/a/../aanvrager")).toBe("/aanvrager");
  });

  it.each([
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n//evil.example",
    "/a\\..\\..\\/evil.example",
    // Dot segments the parser removes, leaving "//evil.example" as the path.
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/a/..//evil.example",
    "/a/%2E%2E//evil.example",
    "evil.example",
    "",
  ])("refuses %j, which a browser could read as another site", (to) => {
    expect(safeRedirect(to, "/start")).toBe("/start");
  });
});
