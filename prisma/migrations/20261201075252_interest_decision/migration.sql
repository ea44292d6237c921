-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'INTEREST_DECISION';

-- AlterTable
ALTER TABLE "RecoveryClaim" ADD COLUMN     "interestDecidedAt" TIMESTAMP(3),
ADD COLUMN     "interestDecidedById" TEXT,
ADD COLUMN     "interestReceivedOn" DATE;
