-- CreateTable
CREATE TABLE "InterimReport" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "afterMonths" INTEGER NOT NULL,
    "dueOn" DATE NOT NULL,
    "participantsReached" INTEGER,
    "summary" TEXT NOT NULL DEFAULT '',
    "draftData" JSONB NOT NULL DEFAULT '{}',
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "reviewNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InterimReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterimReportCost" (
    "reportId" TEXT NOT NULL,
    "measureId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "actualCents" BIGINT NOT NULL,
    "participants" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "InterimReportCost_pkey" PRIMARY KEY ("reportId","measureId","year")
);

-- CreateTable
CREATE TABLE "SignUpRequest" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "tokenHash" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SignUpRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InterimReport_planId_afterMonths_key" ON "InterimReport"("planId", "afterMonths");

-- CreateIndex
CREATE UNIQUE INDEX "SignUpRequest_tokenHash_key" ON "SignUpRequest"("tokenHash");

-- CreateIndex
CREATE INDEX "SignUpRequest_email_idx" ON "SignUpRequest"("email");

-- CreateIndex
CREATE INDEX "SignUpRequest_expiresAt_idx" ON "SignUpRequest"("expiresAt");

-- AddForeignKey
ALTER TABLE "InterimReport" ADD CONSTRAINT "InterimReport_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterimReportCost" ADD CONSTRAINT "InterimReportCost_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "InterimReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterimReportCost" ADD CONSTRAINT "InterimReportCost_measureId_fkey" FOREIGN KEY ("measureId") REFERENCES "Measure"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
