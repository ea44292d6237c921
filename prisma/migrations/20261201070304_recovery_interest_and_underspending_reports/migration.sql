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


-- The published rates since the Sociaal Akkoord (2013); finance adds later ones at
-- /financien/wettelijke-rente. Earlier rows are not needed: no claim of this regulation is older.
INSERT INTO "StatutoryInterestRate" ("validFrom", "rateBp", "source") VALUES
  ('2012-07-01', 300, 'Besluit vaststelling wettelijke rente, per 1 juli 2012'),
  ('2015-01-01', 200, 'Besluit vaststelling wettelijke rente, per 1 januari 2015'),
  ('2023-01-01', 400, 'Besluit vaststelling wettelijke rente, per 1 januari 2023'),
  ('2023-07-01', 600, 'Besluit vaststelling wettelijke rente, per 1 juli 2023'),
  ('2024-01-01', 700, 'Besluit vaststelling wettelijke rente, per 1 januari 2024'),
  ('2024-07-01', 700, 'Besluit vaststelling wettelijke rente, per 1 juli 2024 (ongewijzigd)');
