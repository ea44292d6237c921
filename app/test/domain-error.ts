import { expect } from "vitest";
import { DomainError } from "../domain/errors.ts";

/** The DomainError a call is refused with; the test fails when it succeeds or throws anything else. */
export async function errorOf(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}
