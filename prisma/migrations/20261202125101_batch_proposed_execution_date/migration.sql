-- AlterTable
ALTER TABLE "PaymentBatch" ADD COLUMN     "proposedAt" TIMESTAMP(3),
ADD COLUMN     "proposedById" TEXT,
ADD COLUMN     "proposedExecutionDate" DATE;
