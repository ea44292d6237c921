-- CreateEnum
CREATE TYPE "PaymentKind" AS ENUM ('ADVANCE', 'FINAL');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('PLANNED', 'IN_BATCH', 'PAID', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PaymentBatchStatus" AS ENUM ('PREPARED', 'APPROVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "IbanChangeStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateEnum
CREATE TYPE "SettlementReduction" AS ENUM ('NIL', 'PROPORTIONAL');

-- CreateEnum
CREATE TYPE "RecoveryStatus" AS ENUM ('OPEN', 'RECEIVED');

-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'SETTLEMENT_DECISION';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReminderKind" ADD VALUE 'SETTLEMENT_REPORT_WARNING';
ALTER TYPE "ReminderKind" ADD VALUE 'SETTLEMENT_DECISION_WARNING';

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "paymentId" TEXT,
ADD COLUMN     "recoveryClaimId" TEXT;

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "PaymentKind" NOT NULL,
    "dueOn" DATE NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "status" "PaymentStatus" NOT NULL DEFAULT 'PLANNED',
    "batchId" TEXT,
    "iban" TEXT,
    "payeeName" TEXT,
    "paidAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentBatch" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "status" "PaymentBatchStatus" NOT NULL DEFAULT 'PREPARED',
    "executionDate" DATE NOT NULL,
    "totalCents" BIGINT NOT NULL,
    "count" INTEGER NOT NULL,
    "preparedById" TEXT NOT NULL,
    "preparedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "cancelledById" TEXT,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "PaymentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IbanChangeRequest" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "accountHolder" TEXT NOT NULL,
    "previousIban" TEXT NOT NULL,
    "status" "IbanChangeStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,

    CONSTRAINT "IbanChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RealisationReport" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "participantsReached" INTEGER,
    "summary" TEXT NOT NULL DEFAULT '',
    "draftData" JSONB NOT NULL DEFAULT '{}',
    "dueOn" DATE,
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RealisationReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RealisationCost" (
    "reportId" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "actualCents" BIGINT NOT NULL,
    "participants" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RealisationCost_pkey" PRIMARY KEY ("reportId","measureId","year")
);

-- CreateTable
CREATE TABLE "Settlement" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "plannedCostsCents" BIGINT NOT NULL,
    "actualCostsCents" BIGINT NOT NULL,
    "realisationBp" INTEGER NOT NULL,
    "overheadCents" BIGINT NOT NULL,
    "computedCents" BIGINT NOT NULL,
    "proposedCents" BIGINT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL,
    "proposalMotivation" TEXT NOT NULL,
    "reduction" "SettlementReduction",
    "settledCents" BIGINT,
    "settledById" TEXT,
    "settledAt" TIMESTAMP(3),
    "reason" TEXT,
    "announcedAt" TIMESTAMP(3),
    "paidCents" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Settlement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryClaim" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "settlementId" TEXT,
    "amountCents" BIGINT NOT NULL,
    "status" "RecoveryStatus" NOT NULL DEFAULT 'OPEN',
    "dueOn" DATE NOT NULL,
    "receivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Payment_status_dueOn_idx" ON "Payment"("status", "dueOn");

-- CreateIndex
CREATE INDEX "Payment_batchId_idx" ON "Payment"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_planId_sequence_key" ON "Payment"("planId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentBatch_number_key" ON "PaymentBatch"("number");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentBatch_reference_key" ON "PaymentBatch"("reference");

-- CreateIndex
CREATE INDEX "PaymentBatch_status_preparedAt_idx" ON "PaymentBatch"("status", "preparedAt");

-- CreateIndex
CREATE INDEX "IbanChangeRequest_status_requestedAt_idx" ON "IbanChangeRequest"("status", "requestedAt");

-- CreateIndex
CREATE INDEX "IbanChangeRequest_organisationId_idx" ON "IbanChangeRequest"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "RealisationReport_planId_key" ON "RealisationReport"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Settlement_planId_key" ON "Settlement"("planId");

-- CreateIndex
CREATE INDEX "RecoveryClaim_planId_idx" ON "RecoveryClaim"("planId");

-- CreateIndex
CREATE INDEX "RecoveryClaim_status_idx" ON "RecoveryClaim"("status");

-- CreateIndex
CREATE INDEX "LedgerEntry_kind_createdAt_idx" ON "LedgerEntry"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_paymentId_potId_key" ON "LedgerEntry"("paymentId", "potId");

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PaymentBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IbanChangeRequest" ADD CONSTRAINT "IbanChangeRequest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RealisationReport" ADD CONSTRAINT "RealisationReport_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RealisationCost" ADD CONSTRAINT "RealisationCost_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "RealisationReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RealisationCost" ADD CONSTRAINT "RealisationCost_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Settlement" ADD CONSTRAINT "Settlement_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryClaim" ADD CONSTRAINT "RecoveryClaim_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryClaim" ADD CONSTRAINT "RecoveryClaim_settlementId_fkey" FOREIGN KEY ("settlementId") REFERENCES "Settlement"("id") ON DELETE SET NULL ON UPDATE CASCADE;
