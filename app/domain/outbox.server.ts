import type { Tx } from "../db/client.server.ts";
import { JOBS, type JobKey, type JobPayload } from "../jobs/definitions.ts";
import { currentRequestId } from "../log.server.ts";
import { now } from "./clock.ts";

/**
 * Records a side effect in the same transaction as the change that causes it (design.md §4).
 * The dispatcher (workers/dispatcher.ts) hands it to BullMQ with the message id as job id.
 * The id of the request (or job) that caused it goes along, so one grep finds both (ADR 0015).
 */
export async function writeOutbox<K extends JobKey>(tx: Tx, job: K, payload: JobPayload<K>): Promise<string> {
  const def = JOBS[job];
  const parsed = def.payload.parse(payload);
  const msg = await tx.outboxMessage.create({
    data: {
      queue: def.queue,
      jobName: def.name,
      payload: parsed,
      createdAt: now(),
      requestId: currentRequestId() ?? null,
    },
    select: { id: true },
  });
  return msg.id;
}
