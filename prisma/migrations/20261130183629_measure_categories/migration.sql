-- AlterTable
ALTER TABLE "Measure" ADD COLUMN     "category" TEXT,
ADD COLUMN     "netJobGrowth" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "wageCostsPerParticipantCents" BIGINT;

-- AlterTable
ALTER TABLE "Regulation" ADD COLUMN     "measureCategories" JSONB NOT NULL DEFAULT '[]';

-- The 2013 regulation had this category from its first text (art. 4.2–4.4, 5.1 lid 2); a database
-- seeded before this migration gets it as a new seed would (prisma/seed/regulation-data.ts).
UPDATE "Regulation"
SET "measureCategories" = '[{"code":"kwetsbare-werknemers","label":"Indienstneming van kwetsbare werknemers (staatssteun)","rateBp":10000,"maxShareOfWageCostsBp":2000,"requiresNetJobGrowth":true,"legalBasis":"artikelen 4.4 en 5.1, tweede lid"}]'
WHERE "code" IN ('RCS-2013', 'DEMO') AND "measureCategories" = '[]'::jsonb;
