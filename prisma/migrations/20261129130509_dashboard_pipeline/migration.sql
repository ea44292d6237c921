-- CreateTable
CREATE TABLE "PipelineTotal" (
    "regulationId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "waitingCount" INTEGER NOT NULL,
    "waitingCents" BIGINT NOT NULL,
    "pipelineCount" INTEGER NOT NULL,
    "pipelineCents" BIGINT NOT NULL,

    CONSTRAINT "PipelineTotal_pkey" PRIMARY KEY ("regulationId","side","key")
);

-- CreateTable
CREATE TABLE "PipelineDelta" (
    "id" BIGSERIAL NOT NULL,
    "regulationId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "waitingCount" INTEGER NOT NULL,
    "waitingCents" BIGINT NOT NULL,
    "pipelineCount" INTEGER NOT NULL,
    "pipelineCents" BIGINT NOT NULL,

    CONSTRAINT "PipelineDelta_pkey" PRIMARY KEY ("id")
);

-- PipelineTotal + PipelineDelta: the dashboard's "waiting for budget" and "in completeness"
-- columns, which summed the open plans and their requested years on every view (~1,200 plans and
-- ~3,600 years at 10,000 plans). A plan counts while its status is open; a change of its status,
-- window or regulation, or of its requested years, adds its old contribution negated and its new
-- one as delta rows in the same transaction. Insert-only, as BreakdownDelta.

CREATE FUNCTION pipeline_class(s "PlanStatus") RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s = 'WAITING_FOR_BUDGET' THEN 'waiting'
              WHEN s IN ('SUBMITTED', 'INFO_REQUESTED') THEN 'pipeline' END
$$;

-- One plan's contribution with these values, times sign, over its current years.
CREATE FUNCTION pipeline_plan_delta(sign INTEGER, plan_id TEXT, regulation_id TEXT, window_id TEXT,
                                    status "PlanStatus") RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cls TEXT := pipeline_class(status);
BEGIN
  IF cls IS NULL THEN RETURN; END IF;
  INSERT INTO "PipelineDelta" ("regulationId", side, key, "waitingCount", "waitingCents",
                               "pipelineCount", "pipelineCents")
  SELECT regulation_id, g.side, g.key,
         CASE WHEN cls = 'waiting' THEN sign * g.n ELSE 0 END,
         CASE WHEN cls = 'waiting' THEN sign * g.cents ELSE 0 END,
         CASE WHEN cls = 'pipeline' THEN sign * g.n ELSE 0 END,
         CASE WHEN cls = 'pipeline' THEN sign * g.cents ELSE 0 END
  FROM (
    -- Per window the plan counts once, with its whole request (a plan without years: no cents).
    SELECT 'W' AS side, window_id AS key, 1 AS n,
           COALESCE((SELECT SUM(y."requestedCents") FROM "PlanYear" y WHERE y."planId" = plan_id), 0)::BIGINT AS cents
    WHERE window_id IS NOT NULL
    UNION ALL
    -- Per year each of its years counts.
    SELECT 'Y', y.year::TEXT, 1, y."requestedCents" FROM "PlanYear" y WHERE y."planId" = plan_id
  ) g;
END $$;

CREATE FUNCTION pipeline_plan_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pipeline_plan_delta(-1, OLD.id, OLD."regulationId", OLD."windowId", OLD.status);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pipeline_plan_delta(1, NEW.id, NEW."regulationId", NEW."windowId", NEW.status);
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NULL;
END $$;
-- Row triggers with WHEN: an autosave or any other update of a plan that leaves its status,
-- window and regulation as they were never calls the function.
CREATE TRIGGER pipeline_plan_insert AFTER INSERT ON "Plan" FOR EACH ROW
  WHEN (NEW.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED'))
  EXECUTE FUNCTION pipeline_plan_change();
CREATE TRIGGER pipeline_plan_update AFTER UPDATE OF status, "windowId", "regulationId" ON "Plan" FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD."windowId" IS DISTINCT FROM NEW."windowId"
         OR OLD."regulationId" IS DISTINCT FROM NEW."regulationId")
        AND (OLD.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED')
             OR NEW.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED')))
  EXECUTE FUNCTION pipeline_plan_change();
-- BEFORE: the plan's years are still there (the cascade deletes them after); their own trigger
-- then finds no plan and adds nothing.
CREATE TRIGGER pipeline_plan_delete BEFORE DELETE ON "Plan" FOR EACH ROW
  WHEN (OLD.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED'))
  EXECUTE FUNCTION pipeline_plan_change();

CREATE FUNCTION pipeline_years_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed TEXT := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_years'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_years'
    ELSE 'SELECT 1 AS sign, * FROM new_years UNION ALL SELECT -1, * FROM old_years' END;
BEGIN
  EXECUTE format($f$
    INSERT INTO "PipelineDelta" ("regulationId", side, key, "waitingCount", "waitingCents",
                                 "pipelineCount", "pipelineCents")
    SELECT p."regulationId", g.side, g.key,
      SUM(CASE WHEN pipeline_class(p.status) = 'waiting' THEN g.n ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status) = 'waiting' THEN g.cents ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status) = 'pipeline' THEN g.n ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status) = 'pipeline' THEN g.cents ELSE 0 END)
    FROM (%s) y
    JOIN "Plan" p ON p.id = y."planId" AND p.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED')
    CROSS JOIN LATERAL (
      SELECT 'W' AS side, p."windowId" AS key, 0 AS n, y.sign * y."requestedCents" AS cents
      WHERE p."windowId" IS NOT NULL
      UNION ALL
      SELECT 'Y', y.year::TEXT, y.sign, y.sign * y."requestedCents") g
    GROUP BY 1, 2, 3$f$, changed);
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_years_insert AFTER INSERT ON "PlanYear"
  REFERENCING NEW TABLE AS new_years FOR EACH STATEMENT EXECUTE FUNCTION pipeline_years_change();
CREATE TRIGGER pipeline_years_update AFTER UPDATE ON "PlanYear"
  REFERENCING OLD TABLE AS old_years NEW TABLE AS new_years FOR EACH STATEMENT EXECUTE FUNCTION pipeline_years_change();
CREATE TRIGGER pipeline_years_delete AFTER DELETE ON "PlanYear"
  REFERENCING OLD TABLE AS old_years FOR EACH STATEMENT EXECUTE FUNCTION pipeline_years_change();

-- Everything again from the plans and their years: the backfill, and after a TRUNCATE.
CREATE FUNCTION pipeline_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "PipelineDelta";
  DELETE FROM "PipelineTotal";
  -- Each open plan's contribution, by the function the triggers use (the next fold adds them up).
  PERFORM pipeline_plan_delta(1, p.id, p."regulationId", p."windowId", p.status)
  FROM "Plan" p WHERE p.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED');
END $$;
CREATE FUNCTION pipeline_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pipeline_rebuild();
  RETURN NULL;
END $$;
CREATE TRIGGER pipeline_plan_truncate AFTER TRUNCATE ON "Plan"
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_truncate();
CREATE TRIGGER pipeline_years_truncate AFTER TRUNCATE ON "PlanYear"
  FOR EACH STATEMENT EXECUTE FUNCTION pipeline_truncate();

-- Folds the committed deltas in (key order, as compact_breakdown) and drops totals that are all zero.
CREATE FUNCTION compact_pipeline() RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  folded INTEGER;
BEGIN
  WITH moved AS (DELETE FROM "PipelineDelta" RETURNING *),
  sums AS (
    SELECT "regulationId", side, key, SUM("waitingCount") AS wn, SUM("waitingCents") AS wc,
           SUM("pipelineCount") AS pn, SUM("pipelineCents") AS pc, COUNT(*) AS n
    FROM moved GROUP BY 1, 2, 3),
  upserted AS (
    INSERT INTO "PipelineTotal" AS t ("regulationId", side, key, "waitingCount", "waitingCents",
                                      "pipelineCount", "pipelineCents")
    SELECT "regulationId", side, key, wn, wc, pn, pc FROM sums ORDER BY 1, 2, 3
    ON CONFLICT ("regulationId", side, key) DO UPDATE SET
      "waitingCount" = t."waitingCount" + EXCLUDED."waitingCount",
      "waitingCents" = t."waitingCents" + EXCLUDED."waitingCents",
      "pipelineCount" = t."pipelineCount" + EXCLUDED."pipelineCount",
      "pipelineCents" = t."pipelineCents" + EXCLUDED."pipelineCents"
    RETURNING 1)
  SELECT COALESCE(SUM(n), 0) INTO folded FROM sums, (SELECT COUNT(*) FROM upserted) u;
  DELETE FROM "PipelineTotal"
  WHERE "waitingCount" = 0 AND "waitingCents" = 0 AND "pipelineCount" = 0 AND "pipelineCents" = 0;
  RETURN folded;
END $$;

-- What the minute job calls: both kinds of dashboard deltas folded in.
CREATE FUNCTION compact_dashboard_totals() RETURNS INTEGER LANGUAGE sql AS $$
  SELECT compact_breakdown() + compact_pipeline()
$$;

SELECT pipeline_rebuild();
SELECT compact_pipeline();
