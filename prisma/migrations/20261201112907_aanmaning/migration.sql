-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'AANMANING';

-- AlterTable
ALTER TABLE "RecoveryClaim" ADD COLUMN     "aanmaningAt" TIMESTAMP(3),
ADD COLUMN     "aanmaningById" TEXT,
ADD COLUMN     "interestAanmaningAt" TIMESTAMP(3),
ADD COLUMN     "interestAanmaningById" TEXT;
