-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);
