-- AlterTable
ALTER TABLE "PlanPosition" ADD COLUMN     "regulationId" TEXT,
ADD COLUMN     "sector" TEXT,
ADD COLUMN     "themes" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "BreakdownTotal" (
    "regulationId" TEXT NOT NULL,
    "potKind" "PotKind" NOT NULL,
    "groupBy" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "positions" INTEGER NOT NULL,
    "plans" INTEGER NOT NULL,
    "reservedCents" BIGINT NOT NULL,
    "committedCents" BIGINT NOT NULL,
    "disbursedCents" BIGINT NOT NULL,

    CONSTRAINT "BreakdownTotal_pkey" PRIMARY KEY ("regulationId","potKind","groupBy","code")
);

-- CreateTable
CREATE TABLE "BreakdownDelta" (
    "id" BIGSERIAL NOT NULL,
    "regulationId" TEXT NOT NULL,
    "potKind" "PotKind" NOT NULL,
    "groupBy" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "positions" INTEGER NOT NULL,
    "plans" INTEGER NOT NULL,
    "reservedCents" BIGINT NOT NULL,
    "committedCents" BIGINT NOT NULL,
    "disbursedCents" BIGINT NOT NULL,

    CONSTRAINT "BreakdownDelta_pkey" PRIMARY KEY ("id")
);
-- What the finance dashboard groups PlanPosition by, copied onto it so its sector and theme tables
-- read this one table instead of joining 10,000 plans and reducing 30,000 measures to distinct
-- plan-theme pairs on every view. Each copy is kept in the writing transaction: filled when a
-- position row is created, and moved when the plan's first sector or regulation, or its measures,
-- change. Only position rows of that one plan are written, so no lock is shared between plans.

-- A plan's measure themes, distinct and sorted ('{}' for none).
CREATE FUNCTION plan_themes(plan_id TEXT) RETURNS TEXT[] LANGUAGE sql STABLE AS $$
  SELECT COALESCE(array_agg(DISTINCT m.theme ORDER BY m.theme), ARRAY[]::TEXT[])
  FROM "Measure" m WHERE m."planId" = plan_id
$$;

-- Row trigger before the insert of ledger_positions_apply's upsert (it also runs for a row that
-- then updates an existing one; the UPDATE half does not touch these columns).
CREATE FUNCTION plan_position_groups_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p."regulationId", p."sectorCodes"[1] INTO NEW."regulationId", NEW.sector
  FROM "Plan" p WHERE p.id = NEW."planId";
  NEW.themes := plan_themes(NEW."planId");
  RETURN NEW;
END $$;
CREATE TRIGGER plan_position_groups_fill BEFORE INSERT ON "PlanPosition"
  FOR EACH ROW EXECUTE FUNCTION plan_position_groups_fill();

CREATE FUNCTION plan_position_groups_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "PlanPosition" SET "regulationId" = NEW."regulationId", sector = NEW."sectorCodes"[1]
  WHERE "planId" = NEW.id;
  RETURN NULL;
END $$;
-- WHEN: an autosave or a status change sets other columns and costs nothing here.
CREATE TRIGGER plan_position_groups_plan AFTER UPDATE OF "regulationId", "sectorCodes" ON "Plan"
  FOR EACH ROW
  WHEN (OLD."regulationId" IS DISTINCT FROM NEW."regulationId"
        OR OLD."sectorCodes"[1] IS DISTINCT FROM NEW."sectorCodes"[1])
  EXECUTE FUNCTION plan_position_groups_plan();

-- Statement triggers: a submission deletes a plan's measures and creates them again one by one.
CREATE FUNCTION plan_position_groups_measures() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE "PlanPosition" SET themes = ARRAY[]::TEXT[] WHERE themes IS DISTINCT FROM ARRAY[]::TEXT[];
  ELSIF TG_OP = 'INSERT' THEN
    UPDATE "PlanPosition" pos SET themes = plan_themes(pos."planId")
    WHERE pos."planId" IN (SELECT "planId" FROM new_measures)
      AND pos.themes IS DISTINCT FROM plan_themes(pos."planId");
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "PlanPosition" pos SET themes = plan_themes(pos."planId")
    WHERE pos."planId" IN (SELECT "planId" FROM old_measures)
      AND pos.themes IS DISTINCT FROM plan_themes(pos."planId");
  ELSE
    UPDATE "PlanPosition" pos SET themes = plan_themes(pos."planId")
    WHERE pos."planId" IN (SELECT "planId" FROM old_measures UNION SELECT "planId" FROM new_measures)
      AND pos.themes IS DISTINCT FROM plan_themes(pos."planId");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_position_groups_measures_insert AFTER INSERT ON "Measure"
  REFERENCING NEW TABLE AS new_measures FOR EACH STATEMENT EXECUTE FUNCTION plan_position_groups_measures();
CREATE TRIGGER plan_position_groups_measures_update AFTER UPDATE ON "Measure"
  REFERENCING OLD TABLE AS old_measures NEW TABLE AS new_measures FOR EACH STATEMENT EXECUTE FUNCTION plan_position_groups_measures();
CREATE TRIGGER plan_position_groups_measures_delete AFTER DELETE ON "Measure"
  REFERENCING OLD TABLE AS old_measures FOR EACH STATEMENT EXECUTE FUNCTION plan_position_groups_measures();
CREATE TRIGGER plan_position_groups_measures_truncate AFTER TRUNCATE ON "Measure"
  FOR EACH STATEMENT EXECUTE FUNCTION plan_position_groups_measures();

-- BreakdownTotal + BreakdownDelta: the sector and theme tables summed, so a view of the dashboard
-- reads a few hundred rows instead of every position. Every change of a PlanPosition row (a
-- booking, a plan's new sector or measures, a row's removal) adds, in the same statement, its
-- old row's contribution negated and its new row's contribution as delta rows: insert-only, so
-- two bookings never lock the same row here. compact_breakdown() folds the deltas into the totals;
-- a reader sums both in one statement, so it sees exactly what the positions hold.
CREATE FUNCTION breakdown_delta_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed TEXT := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_positions'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_positions'
    ELSE 'SELECT 1 AS sign, * FROM new_positions UNION ALL SELECT -1, * FROM old_positions' END;
BEGIN
  -- Dynamic only to name the transition tables this event has; the statement is the same.
  EXECUTE format($f$
    INSERT INTO "BreakdownDelta" ("regulationId", "potKind", "groupBy", code, positions, plans,
                                  "reservedCents", "committedCents", "disbursedCents")
    SELECT r."regulationId", r."potKind", g.by, g.code, SUM(r.sign),
      SUM(r.sign * CASE WHEN r."reservedCents" <> 0 OR r."committedCents" <> 0 OR r."disbursedCents" <> 0
                        THEN 1 ELSE 0 END),
      SUM(r.sign * r."reservedCents"), SUM(r.sign * r."committedCents"), SUM(r.sign * r."disbursedCents")
    FROM (%s) r
    CROSS JOIN LATERAL (SELECT 'sector' AS by, COALESCE(r.sector, '-') AS code
                        UNION ALL SELECT 'theme', t FROM unnest(r.themes) AS t) g
    WHERE r."regulationId" IS NOT NULL
    GROUP BY 1, 2, 3, 4
    HAVING SUM(r.sign) <> 0 OR SUM(r.sign * r."reservedCents") <> 0
        OR SUM(r.sign * r."committedCents") <> 0 OR SUM(r.sign * r."disbursedCents") <> 0
        OR SUM(r.sign * CASE WHEN r."reservedCents" <> 0 OR r."committedCents" <> 0
                             OR r."disbursedCents" <> 0 THEN 1 ELSE 0 END) <> 0$f$, changed);
  RETURN NULL;
END $$;
CREATE TRIGGER breakdown_delta_insert AFTER INSERT ON "PlanPosition"
  REFERENCING NEW TABLE AS new_positions FOR EACH STATEMENT EXECUTE FUNCTION breakdown_delta_apply();
CREATE TRIGGER breakdown_delta_update AFTER UPDATE ON "PlanPosition"
  REFERENCING OLD TABLE AS old_positions NEW TABLE AS new_positions FOR EACH STATEMENT EXECUTE FUNCTION breakdown_delta_apply();
CREATE TRIGGER breakdown_delta_delete AFTER DELETE ON "PlanPosition"
  REFERENCING OLD TABLE AS old_positions FOR EACH STATEMENT EXECUTE FUNCTION breakdown_delta_apply();

CREATE FUNCTION breakdown_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "BreakdownTotal", "BreakdownDelta";
  RETURN NULL;
END $$;
CREATE TRIGGER breakdown_truncate AFTER TRUNCATE ON "PlanPosition"
  FOR EACH STATEMENT EXECUTE FUNCTION breakdown_truncate();

-- Folds the committed deltas into the totals (in key order, so two runs never lock in a cycle) and
-- drops totals no position backs any more. Returns the number of deltas folded in.
CREATE FUNCTION compact_breakdown() RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
  folded INTEGER;
BEGIN
  WITH moved AS (DELETE FROM "BreakdownDelta" RETURNING *),
  sums AS (
    SELECT "regulationId", "potKind", "groupBy", code, SUM(positions) AS positions, SUM(plans) AS plans,
           SUM("reservedCents") AS reserved, SUM("committedCents") AS committed,
           SUM("disbursedCents") AS disbursed, COUNT(*) AS n
    FROM moved GROUP BY 1, 2, 3, 4),
  upserted AS (
    INSERT INTO "BreakdownTotal" AS t ("regulationId", "potKind", "groupBy", code, positions, plans,
                                       "reservedCents", "committedCents", "disbursedCents")
    SELECT "regulationId", "potKind", "groupBy", code, positions, plans, reserved, committed, disbursed
    FROM sums ORDER BY 1, 2, 3, 4
    ON CONFLICT ("regulationId", "potKind", "groupBy", code) DO UPDATE SET
      positions = t.positions + EXCLUDED.positions,
      plans = t.plans + EXCLUDED.plans,
      "reservedCents" = t."reservedCents" + EXCLUDED."reservedCents",
      "committedCents" = t."committedCents" + EXCLUDED."committedCents",
      "disbursedCents" = t."disbursedCents" + EXCLUDED."disbursedCents"
    RETURNING 1)
  SELECT COALESCE(SUM(n), 0) INTO folded FROM sums, (SELECT COUNT(*) FROM upserted) u;
  DELETE FROM "BreakdownTotal" WHERE positions = 0;
  RETURN folded;
END $$;

-- Backfill: the update below fills the copied columns of the rows the ledger already has, and the
-- delta trigger turns that into deltas (the old rows have no regulation, so they add nothing).
UPDATE "PlanPosition" pos
SET "regulationId" = p."regulationId", sector = p."sectorCodes"[1], themes = plan_themes(pos."planId")
FROM "Plan" p WHERE p.id = pos."planId";
SELECT compact_breakdown();
