-- CreateTable
CREATE TABLE "PipelineGroupPlan" (
    "planId" TEXT NOT NULL,
    "regulationId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "cents" BIGINT NOT NULL,

    CONSTRAINT "PipelineGroupPlan_pkey" PRIMARY KEY ("planId","side","key")
);

-- The dashboard's sector and theme tables read their pipeline (plans submitted, never found
-- complete) from the open plans on every view: ~9 ms at the bench's 10,000 plans, which made the
-- dashboard's p95 1.9-2.2 x the queue page's against issue 7's goal of 2. They are now kept like the
-- window and year rows (ADR 0019): PipelineTotal sides "SW"/"SY" (per lead sector, key the sector
-- code or '-') and "TW"/"TY" (per theme of the plan's measures), W for the tijdvak pots (a plan with
-- a window, its whole request, EUR 0 without years) and Y for the begrotingsjaar pots (a plan with
-- years, all of them) - the rules of dashboard.server.ts breakdowns(). A plan's contribution depends
-- on the plan, its years and its distinct themes, which three tables change; rather than work out
-- each change's old contribution from transition tables, each plan's last contribution is kept in
-- PipelineGroupPlan, and a change negates that and writes the new one (ADR 0033).

-- The plans among these that are in the pipeline now or were (have rows), locked in id order so
-- that two transactions changing one plan's years or measures take turns (each then reads the
-- other's committed rows; READ COMMITTED takes a new snapshot per statement). A plan changed by the
-- workflow is locked already; other plans are neither read nor locked.
CREATE FUNCTION pipeline_groups_refresh(plan_ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  SELECT array_agg(id ORDER BY id) INTO ids FROM (
    SELECT p.id FROM "Plan" p
    WHERE p.id = ANY(plan_ids) AND pipeline_class(p.status, p."completeReceivedAt") = 'pipeline'
    UNION
    SELECT DISTINCT g."planId" FROM "PipelineGroupPlan" g WHERE g."planId" = ANY(plan_ids)) c;
  IF ids IS NULL THEN RETURN; END IF;
  PERFORM 1 FROM "Plan" p WHERE p.id = ANY(ids) ORDER BY p.id FOR NO KEY UPDATE;

  WITH gone AS (DELETE FROM "PipelineGroupPlan" g WHERE g."planId" = ANY(ids) RETURNING g.*)
  INSERT INTO "PipelineDelta" ("regulationId", side, key, "waitingCount", "waitingCents",
                               "pipelineCount", "pipelineCents")
  SELECT "regulationId", side, key, 0, 0, -SUM(count), -SUM(cents) FROM gone GROUP BY 1, 2, 3;

  WITH added AS (
    INSERT INTO "PipelineGroupPlan" ("planId", "regulationId", side, key, count, cents)
    SELECT p.id, p."regulationId", g.grp || k.kind, g.code, 1, y.cents
    FROM "Plan" p
    CROSS JOIN LATERAL (SELECT COUNT(*) AS n, COALESCE(SUM(y."requestedCents"), 0)::BIGINT AS cents
                        FROM "PlanYear" y WHERE y."planId" = p.id) y
    CROSS JOIN LATERAL (SELECT 'S' AS grp, COALESCE(p."sectorCodes"[1], '-') AS code
                        UNION ALL
                        SELECT DISTINCT 'T', m.theme FROM "Measure" m WHERE m."planId" = p.id) g
    CROSS JOIN LATERAL (SELECT 'W' AS kind WHERE p."windowId" IS NOT NULL
                        UNION ALL
                        SELECT 'Y' WHERE y.n > 0) k
    WHERE p.id = ANY(ids) AND pipeline_class(p.status, p."completeReceivedAt") = 'pipeline'
    RETURNING "regulationId", side, key, count, cents)
  INSERT INTO "PipelineDelta" ("regulationId", side, key, "waitingCount", "waitingCents",
                               "pipelineCount", "pipelineCents")
  SELECT "regulationId", side, key, 0, 0, SUM(count), SUM(cents) FROM added GROUP BY 1, 2, 3;
END $$;

CREATE FUNCTION pipeline_groups_plan_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pipeline_groups_refresh(ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]);
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_groups_plan_insert AFTER INSERT ON "Plan" FOR EACH ROW
  WHEN (NEW.status IN ('SUBMITTED', 'INFO_REQUESTED'))
  EXECUTE FUNCTION pipeline_groups_plan_change();
-- As pipeline_plan_update, and the lead sector; an autosave of a draft never calls the function.
CREATE TRIGGER pipeline_groups_plan_update
  AFTER UPDATE OF status, "windowId", "regulationId", "completeReceivedAt", "sectorCodes" ON "Plan"
  FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD."windowId" IS DISTINCT FROM NEW."windowId"
         OR OLD."regulationId" IS DISTINCT FROM NEW."regulationId"
         OR OLD."completeReceivedAt" IS DISTINCT FROM NEW."completeReceivedAt"
         OR OLD."sectorCodes"[1] IS DISTINCT FROM NEW."sectorCodes"[1])
        AND (OLD.status IN ('SUBMITTED', 'INFO_REQUESTED') OR NEW.status IN ('SUBMITTED', 'INFO_REQUESTED')))
  EXECUTE FUNCTION pipeline_groups_plan_change();
-- AFTER: the plan is gone, so its rows are only taken back (its years' and measures' cascade then
-- finds nothing left to do).
CREATE TRIGGER pipeline_groups_plan_delete AFTER DELETE ON "Plan" FOR EACH ROW
  WHEN (OLD.status IN ('SUBMITTED', 'INFO_REQUESTED'))
  EXECUTE FUNCTION pipeline_groups_plan_change();

-- Years and measures, per statement: the plans they belong to, before and after.
CREATE FUNCTION pipeline_groups_rows_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  EXECUTE format('SELECT array_agg(DISTINCT "planId") FROM (%s) t', CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT "planId" FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT "planId" FROM old_rows'
    ELSE 'SELECT "planId" FROM new_rows UNION ALL SELECT "planId" FROM old_rows' END) INTO ids;
  IF ids IS NOT NULL THEN PERFORM pipeline_groups_refresh(ids); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_groups_years_insert AFTER INSERT ON "PlanYear"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_groups_years_update AFTER UPDATE ON "PlanYear"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_groups_years_delete AFTER DELETE ON "PlanYear"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_groups_measures_insert AFTER INSERT ON "Measure"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_groups_measures_update AFTER UPDATE ON "Measure"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_groups_measures_delete AFTER DELETE ON "Measure"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_groups_rows_change();
CREATE TRIGGER pipeline_measures_truncate AFTER TRUNCATE ON "Measure"
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_truncate();

-- The backfill and the TRUNCATE triggers' rebuild: the group rows from scratch too.
CREATE OR REPLACE FUNCTION pipeline_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "PipelineDelta";
  DELETE FROM "PipelineTotal";
  DELETE FROM "PipelineGroupPlan";
  -- Each open plan's contribution, by the functions the triggers use (the next fold adds them up).
  PERFORM pipeline_plan_delta(1, p.id, p."regulationId", p."windowId", p.status, p."completeReceivedAt")
  FROM "Plan" p WHERE p.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED');
  PERFORM pipeline_groups_refresh(ARRAY(SELECT p.id FROM "Plan" p
                                        WHERE pipeline_class(p.status, p."completeReceivedAt") = 'pipeline'));
END $$;

SELECT pipeline_rebuild();
SELECT compact_pipeline();
