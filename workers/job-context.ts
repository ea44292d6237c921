import { randomUUID } from "node:crypto";
import type { Job, Processor } from "bullmq";
import type { Logger } from "pino";
import { logger as baseLogger, withRequestContext } from "../app/log.server.ts";
import { REQUEST_ID_KEY } from "./dispatcher.ts";

/**
 * Runs a processor inside the context of the request that caused its job (ADR 0015): its log lines
 * carry {requestId, queue, jobId, attempt}, and an outbox message the job writes (a letter's
 * e-mail) carries the same request id on to the next job. A job without one (the reminder tick)
 * gets a fresh id, so its own follow-up jobs still group under it.
 */
export function withJobContext(queue: string, processor: Processor, log: Logger = baseLogger): Processor {
  return async (job: Job, token?: string, signal?: AbortSignal) => {
    const data = job.data as Record<string, unknown> | null | undefined;
    const carried = data && typeof data === "object" ? data[REQUEST_ID_KEY] : undefined;
    const requestId = typeof carried === "string" && carried ? carried : randomUUID();
    if (data && typeof data === "object" && REQUEST_ID_KEY in data) {
      // The payload schemas know nothing of it (the tick's is strict); the processor sees the payload.
      const { [REQUEST_ID_KEY]: _id, ...payload } = data;
      job.data = payload;
    }
    const jobLog = log.child({
      requestId,
      queue,
      jobId: job.id,
      job: job.name,
      attempt: job.attemptsMade + 1,
    });
    const started = performance.now();
    jobLog.info(`job ${queue}/${job.name} started`);
    try {
      const result = await withRequestContext({ requestId, log: jobLog }, () =>
        processor(job, token, signal),
      );
      jobLog.info(
        { result: result ?? null, durationMs: Math.round(performance.now() - started) },
        `job ${queue}/${job.name} completed`,
      );
      return result;
    } catch (err) {
      jobLog.warn(
        { err, durationMs: Math.round(performance.now() - started) },
        `job ${queue}/${job.name} failed`,
      );
      throw err;
    }
  };
}
