-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('PENDING_DECLARATION', 'ACTIVE', 'CONFLICT', 'REMOVED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "DocumentKind" ADD VALUE 'SUPPLEMENT_REQUEST';
ALTER TYPE "DocumentKind" ADD VALUE 'NOT_CONSIDERED_DECISION';
ALTER TYPE "DocumentKind" ADD VALUE 'WITHDRAWAL_CONFIRMATION';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReminderKind" ADD VALUE 'SUPPLEMENT_TERM_WARNING';
ALTER TYPE "ReminderKind" ADD VALUE 'SUPPLEMENT_TERM_LAPSED';
ALTER TYPE "ReminderKind" ADD VALUE 'EXECUTION_NOT_STARTED';

-- AlterTable
ALTER TABLE "Advice" ADD COLUMN     "weightedScore" INTEGER;

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "decisionDueOn" DATE,
ADD COLUMN     "executionStartedOn" DATE,
ADD COLUMN     "receivedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedDays" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "RoleMembership" ADD COLUMN     "isCoordinator" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SupplementRequest" ADD COLUMN     "fromStatus" "PlanStatus" NOT NULL DEFAULT 'SUBMITTED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "absentUntil" DATE;

-- AlterTable
ALTER TABLE "WorkflowEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AdviceScore" (
    "adviceId" TEXT NOT NULL,
    "criterion" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "motivation" TEXT NOT NULL,

    CONSTRAINT "AdviceScore_pkey" PRIMARY KEY ("adviceId","criterion")
);

-- CreateTable
CREATE TABLE "AdviserAssignment" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "adviserId" TEXT NOT NULL,
    "assignedById" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'PENDING_DECLARATION',
    "declaredAt" TIMESTAMP(3),
    "conflictExplanation" TEXT,
    "removedAt" TIMESTAMP(3),
    "removedById" TEXT,
    "removalReason" TEXT,

    CONSTRAINT "AdviserAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanNote" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanMessage" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "fromStaff" BOOLEAN NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DefaultNotice" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DefaultNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdviserAssignment_planId_status_idx" ON "AdviserAssignment"("planId", "status");

-- CreateIndex
CREATE INDEX "AdviserAssignment_adviserId_status_idx" ON "AdviserAssignment"("adviserId", "status");

-- CreateIndex
CREATE INDEX "PlanNote_planId_createdAt_idx" ON "PlanNote"("planId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanMessage_planId_createdAt_idx" ON "PlanMessage"("planId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DefaultNotice_planId_key" ON "DefaultNotice"("planId");

-- CreateIndex
CREATE INDEX "Advice_planId_adviserId_createdAt_idx" ON "Advice"("planId", "adviserId", "createdAt");

-- CreateIndex
CREATE INDEX "Plan_status_receivedAt_idx" ON "Plan"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "Plan_handlerId_status_idx" ON "Plan"("handlerId", "status");

-- CreateIndex
CREATE INDEX "Plan_decisionDueOn_idx" ON "Plan"("decisionDueOn");

-- CreateIndex
CREATE INDEX "Plan_windowId_status_idx" ON "Plan"("windowId", "status");

-- AddForeignKey
ALTER TABLE "AdviceScore" ADD CONSTRAINT "AdviceScore_adviceId_fkey" FOREIGN KEY ("adviceId") REFERENCES "Advice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdviserAssignment" ADD CONSTRAINT "AdviserAssignment_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanNote" ADD CONSTRAINT "PlanNote_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanMessage" ADD CONSTRAINT "PlanMessage_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DefaultNotice" ADD CONSTRAINT "DefaultNotice_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill (hand-written): plans received before this migration keep their order of receipt and
-- their decision term, which the reminders already hold.
UPDATE "Plan" SET "receivedAt" = "submittedAt" WHERE "submittedAt" IS NOT NULL AND "receivedAt" IS NULL;
UPDATE "Plan" p SET "decisionDueOn" = r."termEnd"
  FROM "Reminder" r
  WHERE r."planId" = p.id AND r.kind = 'DECISION_TERM_LAST_DAY' AND p."decisionDueOn" IS NULL;
