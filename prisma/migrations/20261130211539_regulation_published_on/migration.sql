-- AlterTable
ALTER TABLE "Regulation" ADD COLUMN     "publishedOn" DATE;

-- Data: the 2013 regulation was published in the Staatscourant on 14 August 2013 (Stcrt. 2013,
-- 22962); a plan under it may not start earlier (art. 1.2 lid 5). Not where a plan was already
-- submitted with an earlier start: its locked first step would fail a supplement answer's check
-- (the policy page refuses such a date for the same reason; the date can be set there then).
UPDATE "Regulation" r SET "publishedOn" = DATE '2013-08-14'
WHERE r."code" = 'RCS-2013'
  AND NOT EXISTS (
    SELECT 1 FROM "Plan" p
    WHERE p."regulationId" = r.id AND p.status <> 'DRAFT' AND p."periodStart" < DATE '2013-08-14'
  );
