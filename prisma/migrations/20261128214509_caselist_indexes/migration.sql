-- Trigram indexes for searching by any part of a kenmerk or an organisation name (ILIKE %…%).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Organisation_name_trgm_idx" ON "Organisation" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Plan_receivedAt_number_idx" ON "Plan"("receivedAt", "number");

-- CreateIndex
CREATE INDEX "Plan_reference_trgm_idx" ON "Plan" USING GIN ("reference" gin_trgm_ops);
