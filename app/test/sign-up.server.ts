import { randomInt } from "node:crypto";
import { prisma } from "../db/client.server.ts";
import { confirmSignUp, requestSignUp } from "../domain/accounts/signup.server.ts";
import { hashToken, newToken } from "../domain/accounts/tokens.server.ts";
import type { SignUp } from "../domain/accounts/validation.ts";

/**
 * The newest open sign-up request of an address, given a token the test knows (the e-mail job
 * would mint one; the tests that send it prove that part). Null when there is none (the address
 * has an account, or the mail limit held).
 */
export async function knownSignUpToken(email: string): Promise<string | null> {
  const row = await prisma.signUpRequest.findFirst({
    where: { email: email.trim().toLowerCase(), confirmedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!row) return null;
  const token = newToken();
  await prisma.signUpRequest.update({ where: { id: row.id }, data: { tokenHash: hashToken(token) } });
  return token;
}

/**
 * A client address of its own (a /64 of the documentation range, as addressKey counts IPv6): the
 * sign-up mail limit is per e-mail and client address, so tests that share one would share counts.
 */
export function testClientAddress(): string {
  const group = () => randomInt(0x10000).toString(16);
  return `2001:db8:${group()}:${group()}::1`;
}

/**
 * A sector body signed up and confirmed, the way a person does it (form, then the mail's link and
 * the password chosen on the form): the fixture of tests that need a fresh organisation with its
 * first signatory.
 */
export async function signUpConfirmed(input: SignUp): Promise<{ userId: string; organisationId: string }> {
  const clientAddress = testClientAddress();
  await requestSignUp(input, clientAddress);
  const token = await knownSignUpToken(input.email);
  if (!token) throw new Error(`no sign-up request for ${input.email}: it has an account already`);
  const result = await confirmSignUp(token, { password: input.password, clientAddress });
  if (!result.ok) throw new Error(`the sign-up of ${input.email} could not be confirmed: ${result.state}`);
  return { userId: result.userId, organisationId: result.organisationId };
}
