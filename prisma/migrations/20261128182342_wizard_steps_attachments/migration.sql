-- CreateEnum
CREATE TYPE "AttachmentKind" AS ENUM ('PARTNERSHIP_AGREEMENT', 'MANDATE', 'BUDGET_SHEET', 'OTHER');

-- AlterTable
ALTER TABLE "Measure" ADD COLUMN     "conditions" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "costPerParticipantCents" BIGINT,
ADD COLUMN     "executingParty" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "PlanYear" ADD COLUMN     "otherSourcesCents" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "ownContributionCents" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Regulation" ADD COLUMN     "securityMinBp" INTEGER NOT NULL DEFAULT 8000;

-- CreateTable
CREATE TABLE "PlanAttachment" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "kind" "AttachmentKind" NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlanAttachment_storageKey_key" ON "PlanAttachment"("storageKey");

-- CreateIndex
CREATE INDEX "PlanAttachment_planId_kind_idx" ON "PlanAttachment"("planId", "kind");

-- AddForeignKey
ALTER TABLE "PlanAttachment" ADD CONSTRAINT "PlanAttachment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;
