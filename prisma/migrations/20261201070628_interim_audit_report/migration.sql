-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'INTERIM_AUDIT_REPORT';

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "interimAuditRequired" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "InterimReport" ADD COLUMN     "auditReportDocumentId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "InterimReport_auditReportDocumentId_key" ON "InterimReport"("auditReportDocumentId");

-- AddForeignKey
ALTER TABLE "InterimReport" ADD CONSTRAINT "InterimReport_auditReportDocumentId_fkey" FOREIGN KEY ("auditReportDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;
