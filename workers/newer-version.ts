import { UnrecoverableError } from "bullmq";
import type { z } from "zod";

/**
 * Why a job's payload did not parse, as the error the processor throws. During a rolling deploy
 * the outbox may hand an older worker a job of a newer version: a letter kind or an e-mail
 * template it does not know yet. That job is retried (a plain Error, BullMQ's backoff), so that a
 * newer worker takes it; it would otherwise be lost for good. Any other bad payload cannot be
 * mended by retrying and fails at once.
 */
export function payloadError(what: string, error: z.ZodError, versionedKey: string): Error {
  const newer =
    error.issues.length > 0 &&
    error.issues.every(
      (i) => i.code === "invalid_value" && i.path.length === 1 && i.path[0] === versionedKey,
    );
  return newer
    ? new Error(`${what}: ${versionedKey} unknown to this version, left for a newer worker: ${error.message}`)
    : new UnrecoverableError(`Invalid ${what} payload: ${error.message}`);
}
