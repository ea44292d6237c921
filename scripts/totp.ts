// `npm run totp -- behandelaar@example.nl`: prints the staff member's current verification code,
// read from the (sealed) secret in the database, so a newcomer can log in to the demo as staff
// without an authenticator app. Uses DATABASE_URL (and TOTP_KEY, as the server does); the npm
// script starts the local database of `npm start` when DATABASE_URL is not set.
import { existsSync, readFileSync } from "node:fs";
import { currentCode, needsSecondFactor, openSecret } from "../app/auth/totp.server.ts";
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";

const PERIOD_S = 30;

async function main(): Promise<number> {
  // The key `npm start` keeps beside its database, unless TOTP_KEY is given.
  const keyFile = new URL("../.data/totp-key", import.meta.url);
  if (!process.env.TOTP_KEY && existsSync(keyFile))
    process.env.TOTP_KEY = readFileSync(keyFile, "utf8").trim();
  const email = process.argv[2]?.trim().toLowerCase();
  if (!email) {
    console.error("Gebruik: npm run totp -- <e-mailadres>   (bijvoorbeeld behandelaar@example.nl)");
    return 2;
  }
  const user = await prisma.user.findUnique({
    where: { email },
    select: { totpSecret: true, memberships: { select: { role: true } } },
  });
  if (!user) {
    console.error(`Geen account met e-mailadres ${email}.`);
    return 1;
  }
  if (!needsSecondFactor(user.memberships.map((m) => m.role))) {
    console.error(`${email} logt in met alleen een wachtwoord: aanvragers hebben geen verificatiecode.`);
    return 1;
  }
  if (!user.totpSecret) {
    console.error(
      `${email} heeft nog geen tweestapsverificatie: die wordt ingesteld bij de eerste keer inloggen.`,
    );
    return 1;
  }
  const at = new Date();
  const left = PERIOD_S - (Math.floor(at.getTime() / 1000) % PERIOD_S);
  console.log(currentCode(openSecret(user.totpSecret), at));
  console.error(`(nog ${left} s geldig; een code werkt één keer)`);
  return 0;
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  })
  .finally(() => disconnectPrisma());
