-- The terms a grant is made on (app/domain/decision/terms.ts): the regulation's parameters that
-- govern a plan after its decision, copied onto the Decision so that a later change of the
-- regulation no longer rewrites a grant already made (domain-facts.md §1; Awb 4:46).
--
-- Existing decisions get their plan's regulation as it stands now. Parameters could be changed
-- before this migration without any record on the decision, so that is the best there is; a
-- change is in the audit trail ("regulation.parameters.changed") for anyone who must correct one.
-- Keys as grantTermsSchema reads them; the overhead tiers as the regulation stores them.

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "terms" JSONB;

UPDATE "Decision" d
SET "terms" = jsonb_build_object(
  'cofinancingRateBp', g."cofinancingRateBp",
  'settlementThresholdBp', g."settlementThresholdBp",
  'overheadTiers', g."overheadTiers",
  'executionStartMonths', g."executionStartMonths",
  'extensionMonths', g."extensionMonths",
  'settlementRequestWeeks', g."settlementRequestWeeks",
  'settlementDecisionWeeks', g."settlementDecisionWeeks",
  'advanceInitialBp', g."advanceInitialBp",
  'advanceMaxBp', g."advanceMaxBp",
  'advanceIntervalMonths', g."advanceIntervalMonths"
)
FROM "Plan" p
JOIN "Regulation" g ON g.id = p."regulationId"
WHERE p.id = d."planId";

-- No default: every new decision must copy its terms (decide.server.ts), never get guessed ones.
ALTER TABLE "Decision" ALTER COLUMN "terms" SET NOT NULL;

-- Awb 6:7 fixes the objection term at six weeks; the column is no longer set or read (it stays
-- until no code copies it). A value set before is made true again, so nothing can mislead.
UPDATE "Regulation" SET "objectionTermWeeks" = 6 WHERE "objectionTermWeeks" <> 6;
