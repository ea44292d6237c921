import { type Job, UnrecoverableError } from "bullmq";
import { sendAccountEmail } from "../../app/domain/accounts/account-email.server.ts";
import { DomainError } from "../../app/domain/errors.ts";
import { type SendPlanEmailResult, sendPlanEmail } from "../../app/domain/notifications/email.server.ts";
import { JOBS, SendAccountEmailPayload, SendEmailPayload } from "../../app/jobs/definitions.ts";
import { payloadError } from "../newer-version.ts";

/**
 * The emails queue. The payload is parsed again: it crossed Redis and may come from an older
 * version of the code. SMTP and database errors propagate, so BullMQ retries with backoff;
 * what retrying cannot fix (a bad payload, a letter that does not exist) fails at once. A plan that
 * no longer exists (a deleted draft) is skipped by sendPlanEmail: the job completes.
 */
export async function processEmailJob(job: Job): Promise<SendPlanEmailResult> {
  // Account e-mails (invitations, password links) share the queue; the job name tells them apart.
  if (job.name === JOBS.sendAccountEmail.name) {
    const account = SendAccountEmailPayload.safeParse(job.data);
    if (!account.success)
      throw new UnrecoverableError(`Invalid send-account-email payload: ${account.error.message}`);
    return sendAccountEmail(account.data);
  }
  const parsed = SendEmailPayload.safeParse(job.data);
  if (!parsed.success) throw payloadError("send-email", parsed.error, "template");
  try {
    return await sendPlanEmail(parsed.data);
  } catch (e) {
    if (e instanceof DomainError) throw new UnrecoverableError(`${e.code}: ${e.message}`);
    throw e;
  }
}
