-- AlterTable
ALTER TABLE "Regulation" ADD COLUMN     "publishedOn" DATE;

-- Data: the 2013 regulation was published in the Staatscourant on 14 August 2013 (Stcrt. 2013,
-- 22962); a plan under it may not start earlier (art. 1.2 lid 5).
UPDATE "Regulation" SET "publishedOn" = DATE '2013-08-14' WHERE "code" = 'RCS-2013';
