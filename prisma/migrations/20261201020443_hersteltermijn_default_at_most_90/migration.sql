-- The default hersteltermijn may be at most 90 days (HERSTELTERMIJN_MAX_DAYS, app/domain/plan/supplement.ts);
-- before 430fd2e the regulation's form accepted up to 365. A regulation still storing more could no longer be
-- saved (its own value failed the form's check) and the handler's supplement form, prefilled with it, refused
-- its own default. Lowered to 90 here, with an audit row like the one a finance user's change writes
-- (app/domain/regulation/setup.server.ts; actorId null: no person made this change). Requests already made
-- keep the deadline they were given: that is stored on the request, not read from the regulation.
WITH lowered AS (
  SELECT id, "hersteltermijnDays" AS before FROM "Regulation" WHERE "hersteltermijnDays" > 90 FOR UPDATE
), updated AS (
  UPDATE "Regulation" r SET "hersteltermijnDays" = 90 FROM lowered l WHERE r.id = l.id RETURNING r.id
)
INSERT INTO "AuditLog" ("actorId", "action", "targetType", "targetId", "details", "createdAt")
SELECT NULL, 'regulation.parameters.changed', 'Regulation', l.id,
       jsonb_build_object(
         'before', jsonb_build_object('hersteltermijnDays', l.before::text),
         'after', jsonb_build_object('hersteltermijnDays', '90'),
         'reden', 'migratie: de standaard hersteltermijn is ten hoogste 90 dagen'
       ),
       now()
FROM lowered l JOIN updated u ON u.id = l.id;
