import { hashPassword } from "../../auth/password.server.ts";
import { Prisma, prisma } from "../../db/client.server.ts";
import { now } from "../clock.ts";
import { RuleViolation } from "../errors.ts";
import { requestFirstIban } from "../payments/iban.server.ts";
import { writeAudit } from "./audit.server.ts";
import type { SignUp } from "./validation.ts";

export const KVK_TAKEN =
  "Deze organisatie (dit KvK-nummer) heeft al een account. Vraag een collega om u uit te nodigen.";
export const EMAIL_TAKEN =
  "Er bestaat al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.";

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** Which of KvK number and e-mail is taken (looked up again, after a unique-constraint race). */
async function whichTaken(kvkNumber: string, email: string): Promise<RuleViolation | null> {
  const [org, user] = await Promise.all([
    prisma.organisation.findUnique({ where: { kvkNumber }, select: { id: true } }),
    prisma.user.findUnique({ where: { email }, select: { id: true } }),
  ]);
  if (org) return new RuleViolation(KVK_TAKEN, "kvkNumber", "KVK_TAKEN");
  if (user) return new RuleViolation(EMAIL_TAKEN, "email", "EMAIL_TAKEN");
  return null;
}

/**
 * A sector body signs up: the organisation and its first user, who applies for it (APPLICANT)
 * and is its first signatory (tekenbevoegde), and its account for finance to check (the
 * "eerste rekeningnummer", a pending IbanChangeRequest), in one transaction. A taken KvK number or e-mail is
 * a field error; two sign-ups racing for the same KvK number both pass the look-up, and the
 * unique index refuses the second, which becomes the same field error (never a 500).
 */
export async function signUpOrganisation(input: SignUp): Promise<{ userId: string; organisationId: string }> {
  const taken = await whichTaken(input.kvkNumber, input.email);
  if (taken) throw taken;
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const at = now();
      const organisation = await tx.organisation.create({
        data: {
          name: input.organisationName,
          kvkNumber: input.kvkNumber,
          legalForm: input.legalForm,
          street: input.street,
          postalCode: input.postalCode,
          city: input.city,
          iban: input.iban,
          createdAt: at,
        },
        select: { id: true },
      });
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          createdAt: at,
          memberships: {
            create: { role: "APPLICANT", organisationId: organisation.id, isSignatory: true, createdAt: at },
          },
        },
        select: { id: true },
      });
      await writeAudit(tx, {
        actorId: user.id,
        action: "organisation.signed-up",
        targetType: "Organisation",
        targetId: organisation.id,
        after: { name: input.organisationName, kvkNumber: input.kvkNumber, firstUser: input.email },
      });
      // The account is the organisation's own word until finance has checked it: nothing is paid
      // on it before then (batches.server.ts), as it would otherwise be to anyone who signs up
      // under another organisation's name.
      await requestFirstIban(tx, {
        organisationId: organisation.id,
        organisationName: input.organisationName,
        iban: input.iban,
        requestedById: user.id,
      });
      return { userId: user.id, organisationId: organisation.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw (
        (await whichTaken(input.kvkNumber, input.email)) ??
        new RuleViolation(KVK_TAKEN, "kvkNumber", "KVK_TAKEN")
      );
    }
    throw err;
  }
}
