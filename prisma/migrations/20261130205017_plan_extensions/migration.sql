-- CreateEnum
CREATE TYPE "ExtensionStatus" AS ENUM ('REQUESTED', 'GRANTED', 'REFUSED', 'WITHDRAWN', 'LAPSED');

-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'EXTENSION_DECISION';

-- CreateTable
CREATE TABLE "PlanExtension" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" "ExtensionStatus" NOT NULL DEFAULT 'REQUESTED',
    "requestedMonths" INTEGER NOT NULL,
    "motivation" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "previousPeriodEnd" DATE NOT NULL,
    "grantedMonths" INTEGER,
    "newPeriodEnd" DATE,
    "decisionReason" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "PlanExtension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlanExtension_planId_requestedAt_idx" ON "PlanExtension"("planId", "requestedAt");

-- CreateIndex
CREATE INDEX "PlanExtension_status_requestedAt_idx" ON "PlanExtension"("status", "requestedAt");

-- AddForeignKey
ALTER TABLE "PlanExtension" ADD CONSTRAINT "PlanExtension_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
