-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "doneAt" TIMESTAMP(3);
