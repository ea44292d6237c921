import { createHash } from "node:crypto";
import { prisma } from "../../db/client.server.ts";
import { writeAudit } from "../accounts/audit.server.ts";
import type { Actor } from "../actor.ts";
import { ForbiddenError } from "../errors.ts";
import { getBatch } from "./batches.server.ts";
import { batchCsv } from "./csv.server.ts";
import { assertSepaFileDate, batchSepaXml } from "./sepa.server.ts";

export type BatchFileFormat = "csv" | "sepa";

export type BatchFile = {
  /** The bytes handed out, exactly those the audit row's sha256 is of. */
  body: Buffer;
  filename: string;
  contentType: string;
  sha256: string;
};

/**
 * A batch as a file: CSV for review (also of a prepared batch), SEPA pain.001.001.03 for the bank
 * (only once approved: batchSepaXml refuses an unapproved batch). Every file handed out is in the
 * audit trail — who, when, which batch and format, and the SHA-256 of its bytes — so the file a
 * bank received can be matched to the person who downloaded it. The row is written before the
 * file is returned: no record, no file.
 */
export async function batchFile(actor: Actor, batchId: string, format: BatchFileFormat): Promise<BatchFile> {
  if (!actor.roles.includes("FINANCE")) throw new ForbiddenError("Alleen Financiën beheert betalingen.");
  const batch = await getBatch(prisma, batchId);
  if (format === "sepa") await assertSepaFileDate(prisma, batch);
  // The byte order mark makes Excel read the CSV as UTF-8 (names with ö, é); it is part of the file.
  const text = format === "csv" ? `\uFEFF${batchCsv(batch)}` : batchSepaXml(batch);
  const body = Buffer.from(text, "utf8");
  const sha256 = createHash("sha256").update(body).digest("hex");
  const filename = `${batch.reference}.${format === "csv" ? "csv" : "xml"}`;
  await prisma.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.userId,
      action: "payment_batch_downloaded",
      targetType: "PaymentBatch",
      targetId: batch.id,
      details: {
        reference: batch.reference,
        status: batch.status,
        format,
        filename,
        bytes: body.length,
        sha256,
      },
    }),
  );
  return {
    body,
    filename,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/xml; charset=utf-8",
    sha256,
  };
}
