-- The 2013 regulation's BBL category (art. 4.3 lid 4: "in afwijking van ... artikel 5.1, eerste lid,
-- bedraagt de subsidie voor een BBL 20% van de subsidiabele kosten"), missing until now: a BBL was
-- co-financed at the regulation's 50%. A database seeded before this migration gets it as a new
-- seed would (prisma/seed/regulation-data.ts MEASURE_CATEGORIES, ADR 0024), after the categories it
-- has (their rates as the policy page may have changed them). Decisions keep the categories they
-- were made on (Decision.terms), so no grant changes.
UPDATE "Regulation"
SET "measureCategories" = "measureCategories" || '[{"code":"bbl","label":"Beroepsbegeleidende leerweg (BBL): loonkosten van de eerste twee jaar","rateBp":2000,"maxShareOfWageCostsBp":null,"requiresNetJobGrowth":false,"legalBasis":"artikel 4.3, vierde lid"}]'::jsonb
WHERE "code" IN ('RCS-2013', 'DEMO')
  AND NOT "measureCategories" @> '[{"code":"bbl"}]'::jsonb;
