-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'RETURNED';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "replacesPaymentId" TEXT,
ADD COLUMN     "returnNote" TEXT,
ADD COLUMN     "returnReasonCode" TEXT,
ADD COLUMN     "returnedAt" TIMESTAMP(3),
ADD COLUMN     "returnedById" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Payment_replacesPaymentId_key" ON "Payment"("replacesPaymentId");
