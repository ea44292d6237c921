-- CreateIndex
CREATE INDEX "Document_storageKey_idx" ON "Document"("storageKey");
