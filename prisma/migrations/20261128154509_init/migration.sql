-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('APPLICANT', 'CASE_HANDLER', 'ADVISER', 'DECISION_MAKER', 'FINANCE', 'ADMIN');

-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'INFO_REQUESTED', 'NOT_CONSIDERED', 'IN_ASSESSMENT', 'WAITING_FOR_BUDGET', 'ADVISED', 'GRANTED', 'PARTIALLY_GRANTED', 'REJECTED', 'WITHDRAWN', 'IN_EXECUTION', 'SETTLEMENT_REQUESTED', 'SETTLED');

-- CreateEnum
CREATE TYPE "PotKind" AS ENUM ('WINDOW', 'YEAR');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('RESERVATION', 'COMMITMENT', 'RELEASE', 'DISBURSEMENT', 'RECOVERY');

-- CreateEnum
CREATE TYPE "Recommendation" AS ENUM ('GRANT', 'PARTIAL_GRANT', 'REJECT');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('GRANTED', 'PARTIALLY_GRANTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('ACKNOWLEDGEMENT', 'GRANT_DECISION', 'PARTIAL_GRANT_DECISION', 'REJECTION_DECISION', 'PLAN_VERSION', 'ATTACHMENT');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT');

-- CreateTable
CREATE TABLE "Regulation" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "citationTitle" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "publication" TEXT NOT NULL,
    "fund" TEXT NOT NULL,
    "isDemonstration" BOOLEAN NOT NULL DEFAULT false,
    "cofinancingRateBp" INTEGER NOT NULL,
    "minimumRequestCents" BIGINT NOT NULL,
    "maxDurationMonths" INTEGER NOT NULL,
    "extensionMonths" INTEGER NOT NULL DEFAULT 6,
    "minThemes" INTEGER NOT NULL DEFAULT 2,
    "decisionTermWeeks" INTEGER NOT NULL DEFAULT 13,
    "hersteltermijnDays" INTEGER NOT NULL DEFAULT 14,
    "objectionTermWeeks" INTEGER NOT NULL DEFAULT 6,
    "executionStartMonths" INTEGER NOT NULL DEFAULT 6,
    "settlementRequestWeeks" INTEGER NOT NULL DEFAULT 13,
    "settlementDecisionWeeks" INTEGER NOT NULL DEFAULT 22,
    "advanceInitialBp" INTEGER NOT NULL DEFAULT 1000,
    "advanceMaxBp" INTEGER NOT NULL DEFAULT 8000,
    "advanceIntervalMonths" INTEGER NOT NULL DEFAULT 6,
    "settlementThresholdBp" INTEGER NOT NULL DEFAULT 6000,
    "advisersRequired" INTEGER NOT NULL DEFAULT 1,
    "overheadTiers" JSONB NOT NULL,
    "themes" JSONB NOT NULL,
    "sectors" JSONB NOT NULL,
    "regions" JSONB NOT NULL,
    "criteria" JSONB NOT NULL,
    "objectionAuthority" TEXT NOT NULL,
    "objectionAddress" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Regulation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationWindow" (
    "id" TEXT NOT NULL,
    "regulationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "publication" TEXT,
    "potId" TEXT NOT NULL,

    CONSTRAINT "ApplicationWindow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetEnvelope" (
    "id" TEXT NOT NULL,
    "fund" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "illustrative" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "potId" TEXT NOT NULL,

    CONSTRAINT "BudgetEnvelope_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetPot" (
    "id" TEXT NOT NULL,
    "kind" "PotKind" NOT NULL,
    "name" TEXT NOT NULL,
    "ceilingCents" BIGINT NOT NULL,
    "reservedCents" BIGINT NOT NULL DEFAULT 0,
    "committedCents" BIGINT NOT NULL DEFAULT 0,
    "disbursedCents" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BudgetPot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "potId" TEXT NOT NULL,
    "planId" TEXT,
    "kind" "LedgerKind" NOT NULL,
    "releases" "LedgerKind",
    "year" INTEGER,
    "amountCents" BIGINT NOT NULL,
    "actorId" TEXT,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kvkNumber" TEXT NOT NULL,
    "legalForm" TEXT NOT NULL,
    "street" TEXT NOT NULL,
    "postalCode" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleMembership" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "organisationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "number" SERIAL NOT NULL,
    "reference" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "regulationId" TEXT NOT NULL,
    "windowId" TEXT,
    "status" "PlanStatus" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "sectorCodes" TEXT[],
    "regionCodes" TEXT[],
    "employeesInScope" INTEGER,
    "periodStart" DATE,
    "periodEnd" DATE,
    "advancesRequested" BOOLEAN NOT NULL DEFAULT false,
    "draftData" JSONB NOT NULL DEFAULT '{}',
    "createdById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "completeReceivedAt" TIMESTAMP(3),
    "handlerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanYear" (
    "planId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "requestedCents" BIGINT NOT NULL,

    CONSTRAINT "PlanYear_pkey" PRIMARY KEY ("planId","year")
);

-- CreateTable
CREATE TABLE "Measure" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "participants" INTEGER NOT NULL,

    CONSTRAINT "Measure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeasureCost" (
    "measureId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "costCents" BIGINT NOT NULL,

    CONSTRAINT "MeasureCost_pkey" PRIMARY KEY ("measureId","year")
);

-- CreateTable
CREATE TABLE "PlanVersion" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowEvent" (
    "id" BIGSERIAL NOT NULL,
    "planId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromStatus" "PlanStatus",
    "toStatus" "PlanStatus" NOT NULL,
    "actorId" TEXT,
    "actorRole" "Role",
    "reason" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "planVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkflowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Advice" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "adviserId" TEXT NOT NULL,
    "recommendation" "Recommendation" NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Advice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdviceYear" (
    "adviceId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "amountCents" BIGINT NOT NULL,

    CONSTRAINT "AdviceYear_pkey" PRIMARY KEY ("adviceId","year")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "announcedAt" TIMESTAMP(3),

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionYear" (
    "decisionId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "grantedCents" BIGINT NOT NULL,

    CONSTRAINT "DecisionYear_pkey" PRIMARY KEY ("decisionId","year")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "templateVersion" TEXT,
    "sha256" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoredBlob" (
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredBlob_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "jobName" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Regulation_code_key" ON "Regulation"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationWindow_potId_key" ON "ApplicationWindow"("potId");

-- CreateIndex
CREATE INDEX "ApplicationWindow_regulationId_opensAt_idx" ON "ApplicationWindow"("regulationId", "opensAt");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetEnvelope_potId_key" ON "BudgetEnvelope"("potId");

-- CreateIndex
CREATE UNIQUE INDEX "BudgetEnvelope_fund_year_key" ON "BudgetEnvelope"("fund", "year");

-- CreateIndex
CREATE INDEX "LedgerEntry_potId_kind_idx" ON "LedgerEntry"("potId", "kind");

-- CreateIndex
CREATE INDEX "LedgerEntry_planId_idx" ON "LedgerEntry"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_kvkNumber_key" ON "Organisation"("kvkNumber");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "RoleMembership_organisationId_idx" ON "RoleMembership"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleMembership_userId_role_organisationId_key" ON "RoleMembership"("userId", "role", "organisationId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_number_key" ON "Plan"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_reference_key" ON "Plan"("reference");

-- CreateIndex
CREATE INDEX "Plan_organisationId_status_idx" ON "Plan"("organisationId", "status");

-- CreateIndex
CREATE INDEX "Plan_status_completeReceivedAt_idx" ON "Plan"("status", "completeReceivedAt");

-- CreateIndex
CREATE INDEX "Plan_status_submittedAt_idx" ON "Plan"("status", "submittedAt");

-- CreateIndex
CREATE INDEX "Measure_planId_position_idx" ON "Measure"("planId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "PlanVersion_planId_number_key" ON "PlanVersion"("planId", "number");

-- CreateIndex
CREATE INDEX "WorkflowEvent_planId_id_idx" ON "WorkflowEvent"("planId", "id");

-- CreateIndex
CREATE INDEX "Advice_planId_createdAt_idx" ON "Advice"("planId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_planId_key" ON "Decision"("planId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_idempotencyKey_key" ON "Document"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Document_planId_kind_idx" ON "Document"("planId", "kind");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_createdAt_idx" ON "OutboxMessage"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "ApplicationWindow" ADD CONSTRAINT "ApplicationWindow_regulationId_fkey" FOREIGN KEY ("regulationId") REFERENCES "Regulation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApplicationWindow" ADD CONSTRAINT "ApplicationWindow_potId_fkey" FOREIGN KEY ("potId") REFERENCES "BudgetPot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetEnvelope" ADD CONSTRAINT "BudgetEnvelope_potId_fkey" FOREIGN KEY ("potId") REFERENCES "BudgetPot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_potId_fkey" FOREIGN KEY ("potId") REFERENCES "BudgetPot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleMembership" ADD CONSTRAINT "RoleMembership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_regulationId_fkey" FOREIGN KEY ("regulationId") REFERENCES "Regulation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_windowId_fkey" FOREIGN KEY ("windowId") REFERENCES "ApplicationWindow"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanYear" ADD CONSTRAINT "PlanYear_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measure" ADD CONSTRAINT "Measure_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeasureCost" ADD CONSTRAINT "MeasureCost_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanVersion" ADD CONSTRAINT "PlanVersion_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowEvent" ADD CONSTRAINT "WorkflowEvent_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Advice" ADD CONSTRAINT "Advice_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdviceYear" ADD CONSTRAINT "AdviceYear_adviceId_fkey" FOREIGN KEY ("adviceId") REFERENCES "Advice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionYear" ADD CONSTRAINT "DecisionYear_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
