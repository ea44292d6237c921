-- Advice and Decision name the PlanVersion they were given on (review finding 3), and a Decision
-- the ground of a refusal, whole or in part (finding 6).
--
-- Backfill of planVersionId: the version that was the plan's latest when the advice was stored
-- (createdAt) or the decision taken (decidedAt): the highest-numbered PlanVersion submitted at or
-- before that moment. That is what the use cases write from now on (storeAdvice, decide). A row with
-- no version before it (written outside the use cases) stays null; such advice does not count
-- towards advisersRequired.
--
-- Backfill of groundCode: decisions before this change kept their ground only in the reason's text
-- ("Grond: <label> (<basis>).", decision/grounds.ts reasonWithGround). The fixed Awb grounds and
-- the regulation's art. 2.5 grounds are recognised by that prefix, with the labels decisionGrounds
-- gives them; a reason without a recognised prefix (a grant in full, or a partial grant that was
-- taken without a ground) leaves groundCode null.

-- AlterTable
ALTER TABLE "Advice" ADD COLUMN     "planVersionId" TEXT;

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "groundCode" TEXT,
ADD COLUMN     "planVersionId" TEXT;

-- AddForeignKey
ALTER TABLE "Advice" ADD CONSTRAINT "Advice_planVersionId_fkey" FOREIGN KEY ("planVersionId") REFERENCES "PlanVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_planVersionId_fkey" FOREIGN KEY ("planVersionId") REFERENCES "PlanVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: the version that was latest when the advice was stored.
UPDATE "Advice" a
SET "planVersionId" = (
  SELECT v.id FROM "PlanVersion" v
  WHERE v."planId" = a."planId" AND v."submittedAt" <= a."createdAt"
  ORDER BY v.number DESC
  LIMIT 1
);

-- Backfill: the version that was latest when the decision was taken.
UPDATE "Decision" d
SET "planVersionId" = (
  SELECT v.id FROM "PlanVersion" v
  WHERE v."planId" = d."planId" AND v."submittedAt" <= d."decidedAt"
  ORDER BY v.number DESC
  LIMIT 1
);

-- Backfill: the fixed grounds of the Awb, by the label the reason starts with.
UPDATE "Decision"
SET "groundCode" = CASE
  WHEN starts_with("reason", 'Grond: Subsidieplafond bereikt (') THEN 'subsidieplafond-bereikt'
  WHEN starts_with("reason", 'Grond: Gegronde reden om aan te nemen dat de activiteiten niet of niet geheel zullen plaatsvinden (') THEN 'awb-4-35'
  WHEN starts_with("reason", 'Grond: Gegronde reden om aan te nemen dat de aanvrager niet aan de verplichtingen zal voldoen (') THEN 'awb-4-35-verplichtingen'
END
WHERE "outcome" <> 'GRANTED';

-- Backfill: the regulation's own grounds (art. 2.5), labelled as decisionGrounds labels them: the
-- criterion's refusal wording, else "Niet voldaan aan het criterium “<label>”".
UPDATE "Decision" d
SET "groundCode" = g.code
FROM (
  SELECT p.id AS "planId",
         'art-2.5-' || (c->>'code') AS code,
         'Grond: ' || CASE
           WHEN btrim(COALESCE(c->>'refusal', '')) <> '' THEN btrim(c->>'refusal')
           ELSE 'Niet voldaan aan het criterium “' || COALESCE(c->>'label', c->>'code') || '”'
         END || ' (' AS prefix
  FROM "Plan" p
  JOIN "Regulation" r ON r.id = p."regulationId"
  CROSS JOIN LATERAL jsonb_array_elements(
    CASE WHEN jsonb_typeof(r.criteria) = 'array' THEN r.criteria ELSE '[]'::jsonb END
  ) AS c
  WHERE COALESCE(c->>'code', '') <> ''
) g
WHERE d."planId" = g."planId" AND d."outcome" <> 'GRANTED' AND d."groundCode" IS NULL
  AND starts_with(d."reason", g.prefix);
