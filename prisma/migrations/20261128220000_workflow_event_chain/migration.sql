-- Data only: gives the WorkflowEvents written before the tamper-evident chain existed their
-- prevHash and hash, plan by plan in id order. The canonical form is the one of
-- app/domain/workflow/chain.server.ts (canonicalEvent): PostgreSQL's own text output of this
-- jsonb array, so that this backfill and the application compute the same hashes.
DO $$
DECLARE
  ev RECORD;
  prev TEXT := NULL;
  current_plan TEXT := NULL;
  h TEXT;
BEGIN
  FOR ev IN
    SELECT * FROM "WorkflowEvent" ORDER BY "planId", id
  LOOP
    IF current_plan IS DISTINCT FROM ev."planId" THEN
      prev := NULL;
      current_plan := ev."planId";
    END IF;
    IF ev.hash IS NOT NULL THEN
      -- Already chained by the application: continue from its hash.
      prev := ev.hash;
      CONTINUE;
    END IF;
    h := encode(sha256(convert_to(jsonb_build_array(
      ev."planId",
      ev.event,
      ev."fromStatus"::text,
      ev."toStatus"::text,
      ev."actorId",
      ev."actorRole"::text,
      ev.reason,
      ev.payload,
      ev."planVersion",
      to_char(ev."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      prev
    )::text, 'UTF8')), 'hex');
    UPDATE "WorkflowEvent" SET "prevHash" = prev, hash = h WHERE id = ev.id;
    prev := h;
  END LOOP;
END $$;
