-- Decision.terms gains the measure categories the grant was made on (decision/terms.ts, ADR 0023):
-- a grant records the rates it was decided at, and the vaststelling reads them from there. Every
-- decision taken before this change was made when no category carried a rate of its own (the
-- portal knew one rate per regulation), so its categories are none; written out rather than
-- defaulted in the reader, so that terms without the key stay a fault to see.
UPDATE "Decision"
SET "terms" = "terms" || '{"measureCategories": []}'::jsonb
WHERE NOT ("terms" ? 'measureCategories');
