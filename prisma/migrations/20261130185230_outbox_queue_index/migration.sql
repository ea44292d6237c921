-- CreateIndex
CREATE INDEX "OutboxMessage_status_queue_createdAt_id_idx" ON "OutboxMessage"("status", "queue", "createdAt", "id");
