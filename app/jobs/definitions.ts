import { z } from "zod";

/**
 * Queue names and job payloads, in one place (issue 3). Pure zod, no BullMQ: the domain writes
 * these into the outbox; workers/ parse them again when they consume a job.
 */
export const QUEUE = {
  letters: "letters",
} as const;

export const LetterKind = z.enum([
  "ACKNOWLEDGEMENT",
  "GRANT_DECISION",
  "PARTIAL_GRANT_DECISION",
  "REJECTION_DECISION",
]);
export type LetterKind = z.infer<typeof LetterKind>;

export const RenderLetterPayload = z.object({
  kind: LetterKind,
  planId: z.string().uuid(),
  /** For decision letters. */
  decisionId: z.string().uuid().optional(),
});
export type RenderLetterPayload = z.infer<typeof RenderLetterPayload>;

export const JOBS = {
  renderLetter: { queue: QUEUE.letters, name: "render-letter", payload: RenderLetterPayload },
} as const;

export type JobKey = keyof typeof JOBS;
export type JobPayload<K extends JobKey> = z.infer<(typeof JOBS)[K]["payload"]>;
