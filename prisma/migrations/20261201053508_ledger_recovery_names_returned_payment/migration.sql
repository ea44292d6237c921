-- DropIndex
DROP INDEX "LedgerEntry_paymentId_potId_key";

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_paymentId_potId_kind_key" ON "LedgerEntry"("paymentId", "potId", "kind");
