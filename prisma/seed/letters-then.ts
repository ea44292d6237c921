import type { Job } from "bullmq";
import { prisma } from "../../app/db/client.server.ts";
import { now, setClock } from "../../app/domain/clock.ts";
import { processLetterJob } from "../../workers/processors/letters.ts";

/**
 * Produces the plan's waiting letters as the letters worker would have, a few minutes after the
 * step that asked for them, while the seed's clock still stands in the past. Left to the workers
 * at `npm start`, a grant of 2014 would be bekendgemaakt today, and its objection term (which runs
 * from the bekendmaking, Awb 6:8) would end next month. The worker's later run of the same
 * outbox message finds the document and the bekendmaking and does nothing (design.md §6).
 */
export async function sendLettersAsThen(planId: string): Promise<void> {
  const at = now();
  setClock(new Date(at.getTime() + 5 * 60_000));
  try {
    const messages = await prisma.outboxMessage.findMany({
      where: { jobName: "render-letter", payload: { path: ["planId"], equals: planId } },
      orderBy: { createdAt: "asc" },
    });
    for (const m of messages) await processLetterJob({ data: m.payload } as unknown as Job);
  } finally {
    setClock(at);
  }
}
