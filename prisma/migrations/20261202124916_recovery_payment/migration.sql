-- CreateTable
CREATE TABLE "RecoveryPayment" (
    "id" TEXT NOT NULL,
    "claimId" TEXT NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "receivedOn" DATE NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryPayment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecoveryPayment_claimId_receivedOn_idx" ON "RecoveryPayment"("claimId", "receivedOn");

-- AddForeignKey
ALTER TABLE "RecoveryPayment" ADD CONSTRAINT "RecoveryPayment_claimId_fkey" FOREIGN KEY ("claimId") REFERENCES "RecoveryClaim"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
