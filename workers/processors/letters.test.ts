import { randomUUID } from "node:crypto";
import { type Job, UnrecoverableError } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../app/db/client.server.ts";
import { createDecisionFixture } from "../../app/domain/documents/test-fixtures.server.ts";
import { processLetterJob } from "./letters.ts";

afterAll(async () => {
  await disconnectPrisma();
});

// The processor reads only job.data; a plain object stands in for the BullMQ Job around it.
const job = (data: unknown) => ({ data }) as Job;

describe("letters processor", () => {
  it("produces the decision letter, and the same document when the job runs again", async () => {
    const { planId, decisionId } = await createDecisionFixture(prisma, { outcome: "PARTIALLY_GRANTED" });
    const first = await processLetterJob(job({ kind: "PARTIAL_GRANT_DECISION", planId, decisionId }));
    const second = await processLetterJob(job({ kind: "PARTIAL_GRANT_DECISION", planId, decisionId }));
    expect(second.documentId).toBe(first.documentId);
    const doc = await prisma.document.findUniqueOrThrow({ where: { id: first.documentId } });
    expect(doc.templateVersion).toBe("beschikking-gedeeltelijke-verlening@1");
  });

  it("fails without retries for what retrying cannot fix", async () => {
    const planId = randomUUID();
    await expect(processLetterJob(job({ kind: "ACKNOWLEDGEMENT", planId }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(processLetterJob(job({ kind: "GRANT_DECISION", planId: "nope" }))).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(processLetterJob(job({ kind: "GRANT_DECISION", planId }))).rejects.toThrow(
      /without decisionId/,
    );
    await expect(
      processLetterJob(job({ kind: "GRANT_DECISION", planId, decisionId: randomUUID() })),
    ).rejects.toBeInstanceOf(UnrecoverableError);
  });
});
