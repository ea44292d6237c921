-- AlterTable
ALTER TABLE "RecoveryClaim" ADD COLUMN     "interestCents" BIGINT,
ADD COLUMN     "receivedOn" DATE;

-- CreateTable
CREATE TABLE "StatutoryInterestRate" (
    "validFrom" DATE NOT NULL,
    "rateBp" INTEGER NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatutoryInterestRate_pkey" PRIMARY KEY ("validFrom")
);

-- CreateTable
CREATE TABLE "UnderspendingReport" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "halfYear" INTEGER NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "dueOn" DATE NOT NULL,
    "plannedCents" BIGINT,
    "actualCents" BIGINT,
    "causes" TEXT NOT NULL DEFAULT '',
    "outlook" TEXT NOT NULL DEFAULT '',
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "reviewNote" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnderspendingReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UnderspendingReport_planId_halfYear_key" ON "UnderspendingReport"("planId", "halfYear");

-- AddForeignKey
ALTER TABLE "UnderspendingReport" ADD CONSTRAINT "UnderspendingReport_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
