-- The beslistermijn (weeks) and the number of advisers a plan was found complete under, kept on the
-- plan (workflow/definition.server.ts recordCompleteReceipt): a later change of the regulation
-- governs the plans found complete after it, and no longer moves the decision term of a plan
-- already running (a shorter term the applicant was never told, a penalty under Awb 4:17 that
-- vanishes) nor strands or reopens the assessment of one under way.
--
-- Backfill: every plan found complete before this migration gets its regulation's values as they
-- stand today. That is what its term was counted with and its advice judged by, unless the
-- regulation was changed after the plan became complete; such a change is in the audit trail
-- (AuditLog action 'regulation.parameters.changed', details.before/after "decisionTermWeeks" or
-- "advisersRequired") for anyone who must correct a plan by hand. The seed records no such change.
-- Plans not yet complete stay null: the regulation's values are the ones that will apply to them.

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "advisersRequired" INTEGER,
ADD COLUMN     "decisionTermWeeks" INTEGER;

UPDATE "Plan" p
SET "decisionTermWeeks" = g."decisionTermWeeks",
    "advisersRequired" = g."advisersRequired"
FROM "Regulation" g
WHERE g.id = p."regulationId" AND p."completeReceivedAt" IS NOT NULL;
