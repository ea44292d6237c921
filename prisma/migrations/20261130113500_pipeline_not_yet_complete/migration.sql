-- The pipeline ("Ingediend, nog niet volledig") counted every INFO_REQUESTED plan, but a plan asked
-- for a supplement during assessment was found complete before and holds its reservation: its
-- request showed under "reserved" and again under the pipeline. Only a plan never found complete
-- (completeReceivedAt NULL) may still come to the budget. The same test decides which plans
-- still hold a reservation in decision/engine.server.ts (RESERVING_STATUSES, completeReceivedAt
-- set), and a plan's completeReceivedAt is set only by "complete", which takes the reservation.
-- The functions get the column as an argument; the plan trigger now also fires on it, so the
-- delta scheme stays exact (ADR 0019) when it is set or cleared without a change of status.

CREATE FUNCTION pipeline_class(s "PlanStatus", complete_received_at TIMESTAMP(3)) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN s = 'WAITING_FOR_BUDGET' THEN 'waiting'
              WHEN s IN ('SUBMITTED', 'INFO_REQUESTED') AND complete_received_at IS NULL THEN 'pipeline' END
$$;

-- One plan's contribution with these values, times sign, over its current years.
CREATE FUNCTION pipeline_plan_delta(sign INTEGER, plan_id TEXT, regulation_id TEXT, window_id TEXT,
                                    status "PlanStatus", complete_received_at TIMESTAMP(3))
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cls TEXT := pipeline_class(status, complete_received_at);
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

CREATE OR REPLACE FUNCTION pipeline_plan_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pipeline_plan_delta(-1, OLD.id, OLD."regulationId", OLD."windowId", OLD.status,
                                OLD."completeReceivedAt");
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pipeline_plan_delta(1, NEW.id, NEW."regulationId", NEW."windowId", NEW.status,
                                NEW."completeReceivedAt");
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NULL;
END $$;

DROP TRIGGER pipeline_plan_update ON "Plan";
CREATE TRIGGER pipeline_plan_update
  AFTER UPDATE OF status, "windowId", "regulationId", "completeReceivedAt" ON "Plan" FOR EACH ROW
  WHEN ((OLD.status IS DISTINCT FROM NEW.status OR OLD."windowId" IS DISTINCT FROM NEW."windowId"
         OR OLD."regulationId" IS DISTINCT FROM NEW."regulationId"
         OR OLD."completeReceivedAt" IS DISTINCT FROM NEW."completeReceivedAt")
        AND (OLD.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED')
             OR NEW.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED')))
  EXECUTE FUNCTION pipeline_plan_change();

CREATE OR REPLACE FUNCTION pipeline_years_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
      SUM(CASE WHEN pipeline_class(p.status, p."completeReceivedAt") = 'waiting' THEN g.n ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status, p."completeReceivedAt") = 'waiting' THEN g.cents ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status, p."completeReceivedAt") = 'pipeline' THEN g.n ELSE 0 END),
      SUM(CASE WHEN pipeline_class(p.status, p."completeReceivedAt") = 'pipeline' THEN g.cents ELSE 0 END)
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

CREATE OR REPLACE FUNCTION pipeline_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "PipelineDelta";
  DELETE FROM "PipelineTotal";
  -- Each open plan's contribution, by the function the triggers use (the next fold adds them up).
  PERFORM pipeline_plan_delta(1, p.id, p."regulationId", p."windowId", p.status, p."completeReceivedAt")
  FROM "Plan" p WHERE p.status IN ('WAITING_FOR_BUDGET', 'SUBMITTED', 'INFO_REQUESTED');
END $$;

DROP FUNCTION pipeline_plan_delta(INTEGER, TEXT, TEXT, TEXT, "PlanStatus");
DROP FUNCTION pipeline_class("PlanStatus");

-- The totals again from the plans: the complete INFO_REQUESTED plans leave the pipeline.
SELECT pipeline_rebuild();
SELECT compact_pipeline();
