-- An ingebrekestelling (Awb 4:17) belongs to a besluit, not to a plan. Awb 4:17 applies to every
-- beschikking op aanvraag: besides the grant, a request for verlenging of the period (eight weeks,
-- Awb 4:13 lid 2, ADR 0026) and the aanvraag tot vaststelling (22 weeks, regulation art. 5.5) can be
-- decided late, and each then has its own notice and its own penalty. DefaultNotice was unique per
-- plan, so the handler could record none for those besluiten (review/deadlines.server.ts
-- recordDefaultNotice) and the terms page counted no penalty for them.
--
-- Now: a subject (GRANT | EXTENSION with the request's id | SETTLEMENT) and a unique key per
-- subject within the plan ("GRANT", "SETTLEMENT", "EXTENSION:<extensionId>"): a unique index over the
-- nullable extensionId would let two grant notices in, NULLs being distinct. The CHECK keeps the key,
-- the subject and extensionId in step; Prisma does not model it and leaves it alone.
--
-- Backfill: every existing notice was recorded on the grant (recordDefaultNotice accepted one only
-- while the aanvraag awaited its grant decision), so each becomes subject GRANT, key 'GRANT'.

-- CreateEnum
CREATE TYPE "DefaultNoticeSubject" AS ENUM ('GRANT', 'EXTENSION', 'SETTLEMENT');

-- DropIndex
DROP INDEX "DefaultNotice_planId_key";

-- AlterTable
ALTER TABLE "DefaultNotice" ADD COLUMN     "extensionId" TEXT,
ADD COLUMN     "subject" "DefaultNoticeSubject",
ADD COLUMN     "subjectKey" TEXT;

UPDATE "DefaultNotice" SET "subject" = 'GRANT', "subjectKey" = 'GRANT';

ALTER TABLE "DefaultNotice" ALTER COLUMN "subject" SET NOT NULL,
ALTER COLUMN "subjectKey" SET NOT NULL;

ALTER TABLE "DefaultNotice" ADD CONSTRAINT "DefaultNotice_subject_check" CHECK (
  ("subject" = 'EXTENSION') = ("extensionId" IS NOT NULL)
  AND "subjectKey" = CASE WHEN "subject" = 'EXTENSION' THEN 'EXTENSION:' || "extensionId" ELSE "subject"::text END
);

-- CreateIndex
CREATE INDEX "DefaultNotice_extensionId_idx" ON "DefaultNotice"("extensionId");

-- CreateIndex
CREATE UNIQUE INDEX "DefaultNotice_planId_subjectKey_key" ON "DefaultNotice"("planId", "subjectKey");

-- AddForeignKey
ALTER TABLE "DefaultNotice" ADD CONSTRAINT "DefaultNotice_extensionId_fkey" FOREIGN KEY ("extensionId") REFERENCES "PlanExtension"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
