-- pipeline_groups_refresh chose the plans to refresh before it locked them, so a plan outside the
-- pipeline in the caller's snapshot was neither locked nor refreshed: a measure or year written
-- to a DRAFT plan while another transaction submitted it (its refresh not seeing the uncommitted
-- row) was missing from the sector and theme pipeline until the plan's next change (found by
-- review; the app's own writers hold the plan's lock already). Now every plan named is locked
-- first, in id order, and chosen after: the two transactions take turns, and whichever comes
-- second reads the other's committed rows (READ COMMITTED: a new snapshot per statement). The
-- window and year pipeline's PlanYear trigger (pipeline_years_change) fires after this one on the
-- same statement (trigger names in order), so it reads after the lock too.
CREATE OR REPLACE FUNCTION pipeline_groups_refresh(plan_ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  PERFORM 1 FROM "Plan" p WHERE p.id = ANY(plan_ids) ORDER BY p.id FOR NO KEY UPDATE;
  SELECT array_agg(id ORDER BY id) INTO ids FROM (
    SELECT p.id FROM "Plan" p
    WHERE p.id = ANY(plan_ids) AND pipeline_class(p.status, p."completeReceivedAt") = 'pipeline'
    UNION
    SELECT DISTINCT g."planId" FROM "PipelineGroupPlan" g WHERE g."planId" = ANY(plan_ids)) c;
  IF ids IS NULL THEN RETURN; END IF;

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
