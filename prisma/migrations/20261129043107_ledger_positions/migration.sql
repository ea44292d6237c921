-- CreateTable
CREATE TABLE "PlanPosition" (
    "planId" TEXT NOT NULL,
    "potKind" "PotKind" NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "reservedCents" BIGINT NOT NULL,
    "committedCents" BIGINT NOT NULL,
    "disbursedCents" BIGINT NOT NULL,

    CONSTRAINT "PlanPosition_pkey" PRIMARY KEY ("planId","potKind")
);

-- CreateTable
CREATE TABLE "PotMonth" (
    "potId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "committedCents" BIGINT NOT NULL,
    "disbursedCents" BIGINT NOT NULL,

    CONSTRAINT "PotMonth_pkey" PRIMARY KEY ("potId","month")
);

-- The two tables above are kept by statement triggers on "LedgerEntry": every INSERT, UPDATE,
-- DELETE and TRUNCATE, by the ledger or anyone else (the bulk seed, a test), moves them in the same
-- transaction. Sums as balances.ts: reserved = RES − COM − REL(RES); committed = COM − REL(COM);
-- disbursed = DIS − REC. Rows are upserted in key order, so two writers never lock them in a cycle
-- (bookings on the same pots are serialised by the pots' FOR UPDATE lock before they get here).
CREATE FUNCTION ledger_positions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "PlanPosition" AS t ("planId", "potKind", "entryCount", "reservedCents", "committedCents", "disbursedCents")
    SELECT e."planId", pot.kind, COUNT(*),
      SUM(CASE WHEN e.kind = 'RESERVATION' THEN e."amountCents"
               WHEN e.kind = 'COMMITMENT' THEN -e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'RESERVATION' THEN -e."amountCents" ELSE 0 END),
      SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END),
      SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
               WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END)
    FROM new_entries e JOIN "BudgetPot" pot ON pot.id = e."potId"
    WHERE e."planId" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("planId", "potKind") DO UPDATE SET
      "entryCount" = t."entryCount" + EXCLUDED."entryCount",
      "reservedCents" = t."reservedCents" + EXCLUDED."reservedCents",
      "committedCents" = t."committedCents" + EXCLUDED."committedCents",
      "disbursedCents" = t."disbursedCents" + EXCLUDED."disbursedCents";

    INSERT INTO "PotMonth" AS t ("potId", "month", "entryCount", "committedCents", "disbursedCents")
    SELECT e."potId",
      to_char(date_trunc('month', (e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM'),
      COUNT(*),
      SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
               WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END),
      SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
               WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END)
    FROM new_entries e
    WHERE e.kind IN ('COMMITMENT', 'RELEASE', 'DISBURSEMENT', 'RECOVERY')
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT ("potId", "month") DO UPDATE SET
      "entryCount" = t."entryCount" + EXCLUDED."entryCount",
      "committedCents" = t."committedCents" + EXCLUDED."committedCents",
      "disbursedCents" = t."disbursedCents" + EXCLUDED."disbursedCents";
  END IF;

  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "PlanPosition" AS t SET
      "entryCount" = t."entryCount" - o.n,
      "reservedCents" = t."reservedCents" - o.reserved,
      "committedCents" = t."committedCents" - o.committed,
      "disbursedCents" = t."disbursedCents" - o.disbursed
    FROM (
      SELECT e."planId", pot.kind, COUNT(*) AS n,
        SUM(CASE WHEN e.kind = 'RESERVATION' THEN e."amountCents"
                 WHEN e.kind = 'COMMITMENT' THEN -e."amountCents"
                 WHEN e.kind = 'RELEASE' AND e.releases = 'RESERVATION' THEN -e."amountCents" ELSE 0 END) AS reserved,
        SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
                 WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END) AS committed,
        SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
                 WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END) AS disbursed
      FROM old_entries e JOIN "BudgetPot" pot ON pot.id = e."potId"
      WHERE e."planId" IS NOT NULL
      GROUP BY 1, 2
    ) o
    WHERE t."planId" = o."planId" AND t."potKind" = o.kind;
    DELETE FROM "PlanPosition" WHERE "entryCount" <= 0;

    UPDATE "PotMonth" AS t SET
      "entryCount" = t."entryCount" - o.n,
      "committedCents" = t."committedCents" - o.committed,
      "disbursedCents" = t."disbursedCents" - o.disbursed
    FROM (
      SELECT e."potId",
        to_char(date_trunc('month', (e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM') AS month,
        COUNT(*) AS n,
        SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
                 WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END) AS committed,
        SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
                 WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END) AS disbursed
      FROM old_entries e
      WHERE e.kind IN ('COMMITMENT', 'RELEASE', 'DISBURSEMENT', 'RECOVERY')
      GROUP BY 1, 2
    ) o
    WHERE t."potId" = o."potId" AND t.month = o.month;
    DELETE FROM "PotMonth" WHERE "entryCount" <= 0;
  END IF;
  RETURN NULL;
END $$;

-- One trigger per event: PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER ledger_positions_insert AFTER INSERT ON "LedgerEntry"
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_positions_apply();
CREATE TRIGGER ledger_positions_update AFTER UPDATE ON "LedgerEntry"
  REFERENCING OLD TABLE AS old_entries NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_positions_apply();
CREATE TRIGGER ledger_positions_delete AFTER DELETE ON "LedgerEntry"
  REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_positions_apply();

CREATE FUNCTION ledger_positions_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "PlanPosition", "PotMonth";
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_positions_truncate AFTER TRUNCATE ON "LedgerEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_positions_truncate();

-- Backfill from the entries already booked: the update trigger's insert half, over the whole ledger.
INSERT INTO "PlanPosition" ("planId", "potKind", "entryCount", "reservedCents", "committedCents", "disbursedCents")
SELECT e."planId", pot.kind, COUNT(*),
  SUM(CASE WHEN e.kind = 'RESERVATION' THEN e."amountCents"
           WHEN e.kind = 'COMMITMENT' THEN -e."amountCents"
           WHEN e.kind = 'RELEASE' AND e.releases = 'RESERVATION' THEN -e."amountCents" ELSE 0 END),
  SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
           WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END),
  SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
           WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END)
FROM "LedgerEntry" e JOIN "BudgetPot" pot ON pot.id = e."potId"
WHERE e."planId" IS NOT NULL
GROUP BY 1, 2;

INSERT INTO "PotMonth" ("potId", "month", "entryCount", "committedCents", "disbursedCents")
SELECT e."potId",
  to_char(date_trunc('month', (e."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Amsterdam'), 'YYYY-MM'),
  COUNT(*),
  SUM(CASE WHEN e.kind = 'COMMITMENT' THEN e."amountCents"
           WHEN e.kind = 'RELEASE' AND e.releases = 'COMMITMENT' THEN -e."amountCents" ELSE 0 END),
  SUM(CASE WHEN e.kind = 'DISBURSEMENT' THEN e."amountCents"
           WHEN e.kind = 'RECOVERY' THEN -e."amountCents" ELSE 0 END)
FROM "LedgerEntry" e
WHERE e.kind IN ('COMMITMENT', 'RELEASE', 'DISBURSEMENT', 'RECOVERY')
GROUP BY 1, 2;
