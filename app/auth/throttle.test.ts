import { randomInt, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma } from "../db/client.server.ts";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import { passwordStep } from "./login.server.ts";
import {
  addressKey,
  addressLimit,
  claimAccountLookup,
  claimResetMail,
  claimSignUpMail,
  RESET_MAILS_PER_HOUR,
  SIGN_UP_MAILS_PER_HOUR,
} from "./throttle.server.ts";

afterAll(() => disconnectPrisma());

const group = () => randomInt(0x10000).toString(16);
/** A fresh /64 of the documentation range per test: the per-address counts must not leak between tests. */
const newPrefix = () => `2001:db8:${group()}:${group()}`;

function guess(address: string) {
  return passwordStep(
    new Request("http://localhost/login", { method: "POST", headers: { [CLIENT_ADDRESS_HEADER]: address } }),
    // Password spraying: one guess per account, so only the per-address limit can stop it.
    { email: `spray-${randomUUID()}@example.nl`, password: "Welkom2026!" },
  );
}

describe("addressKey", () => {
  it.each([
    ["2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"],
    ["2001:0DB8:0001:0002:ffff:0:0:1", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["[2001:db8:1:2::9]", "2001:db8:1:2::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    // An IPv4 client seen through a dual-stack socket is that IPv4 client, in either spelling.
    ["::ffff:192.0.2.7", "192.0.2.7"],
    ["::FFFF:c000:207", "192.0.2.7"],
    ["192.0.2.7", "192.0.2.7"],
    // NAT64 is a real IPv6 prefix, not a mapped address.
    ["64:ff9b::192.0.2.7", "64:ff9b:0:0::/64"],
    ["unknown", "unknown"],
  ])("%s → %s", (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe("the per-address login limit", () => {
  it("holds for one IPv6 host, which may take a new address of its /64 for every guess", async () => {
    const prefix = newPrefix();
    const kinds: string[] = [];
    for (let i = 1; i <= addressLimit() + 2; i++)
      kinds.push((await guess(`${prefix}::${i.toString(16)}`)).kind);
    expect(kinds.slice(0, addressLimit())).not.toContain("throttled");
    expect(kinds.slice(addressLimit())).toEqual(["throttled", "throttled"]);
    // Another /64 is another client.
    expect((await guess(`${newPrefix()}::1`)).kind).toBe("refused");
  });

  it("counts an IPv4 client once, whether seen as a.b.c.d or as ::ffff:a.b.c.d", async () => {
    const ipv4 = `198.51.${randomInt(256)}.${randomInt(256)}`;
    for (let i = 0; i < addressLimit(); i++) await guess(i % 2 ? ipv4 : `::ffff:${ipv4}`);
    expect((await guess(ipv4)).kind).toBe("throttled");
    expect((await guess(`::ffff:${ipv4}`)).kind).toBe("throttled");
  });
});

describe("the per-address limit of sign-up and the invitation form", () => {
  it("blocks a client after addressLimit() look-ups, apart from its login count", async () => {
    const prefix = newPrefix();
    for (let i = 0; i < addressLimit(); i++)
      expect(await claimAccountLookup(`${prefix}::${i + 1}`)).toEqual({ blocked: false });
    expect(await claimAccountLookup(`${prefix}::ffff`)).toMatchObject({ blocked: true });
    // The login of that client is not blocked by its sign-ups.
    expect((await guess(`${prefix}::1`)).kind).toBe("refused");
  });
});

describe("the mail limits of 'wachtwoord vergeten' and sign-up", () => {
  it("count one IPv6 host as one client per e-mail address, and leave other clients and the other form alone", async () => {
    const email = `doel-${randomUUID()}@example.nl`;
    const prefix = newPrefix();
    const resets: boolean[] = [];
    for (let i = 1; i <= RESET_MAILS_PER_HOUR + 2; i++)
      resets.push(await claimResetMail(email, `${prefix}::${i.toString(16)}`));
    expect(resets).toEqual([...Array<boolean>(RESET_MAILS_PER_HOUR).fill(true), false, false]);
    // The owner, on another connection, still gets a reset mail.
    expect(await claimResetMail(email, `${newPrefix()}::1`)).toBe(true);
    // The reset mails spent nothing of the same client's sign-up mails to that address.
    for (let i = 0; i < SIGN_UP_MAILS_PER_HOUR; i++)
      expect(await claimSignUpMail(email, `${prefix}::1`)).toBe(true);
    expect(await claimSignUpMail(email, `${prefix}::1`)).toBe(false);
  });
});
