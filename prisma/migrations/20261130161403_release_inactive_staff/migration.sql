-- Accounts switched off, or stripped of a staff role, before the release of their open work
-- existed (accounts/staff.server.ts, setUserActive and changeStaffRoles) may still be named as the
-- handler of open plans or hold adviser seats. This applies that release to them, once:
-- * a plan in an open state (caselist/absence.server.ts OPEN_STATES) whose handler is inactive or
--   no longer holds CASE_HANDLER goes back to the queue (handlerId NULL), with an audit row
--   "plan.handler-released" as releaseHandledPlans writes it;
-- * a seat (PENDING_DECLARATION, ACTIVE) of an adviser who is inactive or no longer holds ADVISER,
--   on a plan where a seat still counts (assessment/assignment.server.ts SEAT_COUNTS_IN), becomes
--   REMOVED with its moment and reason, and an audit row "assignment.removed", as
--   releaseAdviserSeats does — except where that adviser has advised on the plan: that seat stays.
-- No admin is behind it: removedById and the audit rows' actorId are NULL, which the audit trail
-- shows as "systeem". The reasons are the ones the code writes (RELEASE_REASON in
-- accounts/staff-messages.ts): an inactive account counts as switched off, whatever its roles.
-- Running it again finds nothing left to release and changes nothing.

WITH released AS (
  UPDATE "Plan" p
  SET "handlerId" = NULL, "updatedAt" = (now() AT TIME ZONE 'UTC')
  FROM "User" u
  WHERE u.id = p."handlerId"
    AND p.status::text IN ('SUBMITTED', 'INFO_REQUESTED', 'IN_ASSESSMENT', 'WAITING_FOR_BUDGET', 'ADVISED',
                           'GRANTED', 'PARTIALLY_GRANTED', 'IN_EXECUTION', 'SETTLEMENT_REQUESTED')
    AND (NOT u.active OR NOT EXISTS (
      SELECT 1 FROM "RoleMembership" m
      WHERE m."userId" = u.id AND m.role = 'CASE_HANDLER' AND m."organisationId" IS NULL))
  RETURNING p.id AS "planId", u.id AS "userId", u.active
)
INSERT INTO "AuditLog" ("actorId", action, "targetType", "targetId", details, "createdAt")
SELECT NULL, 'plan.handler-released', 'Plan', r."planId",
       jsonb_build_object(
         'before', r."userId",
         'after', NULL,
         'reason', CASE WHEN r.active THEN 'Rol behandelaar ingetrokken door de beheerder'
                        ELSE 'Account uitgeschakeld door de beheerder' END),
       now() AT TIME ZONE 'UTC'
FROM released r
ORDER BY r."planId";

WITH seats AS (
  SELECT a.id, a."planId", a."adviserId", a.status::text AS "previousStatus",
         CASE WHEN u.active THEN 'Rol adviseur ingetrokken door de beheerder'
              ELSE 'Account uitgeschakeld door de beheerder' END AS reason
  FROM "AdviserAssignment" a
  JOIN "User" u ON u.id = a."adviserId"
  JOIN "Plan" p ON p.id = a."planId"
  WHERE a.status::text IN ('PENDING_DECLARATION', 'ACTIVE')
    AND p.status::text IN ('SUBMITTED', 'INFO_REQUESTED', 'IN_ASSESSMENT', 'WAITING_FOR_BUDGET')
    AND (NOT u.active OR NOT EXISTS (
      SELECT 1 FROM "RoleMembership" m
      WHERE m."userId" = u.id AND m.role = 'ADVISER' AND m."organisationId" IS NULL))
    -- An advice given keeps its adviser on the plan (four-eyes; removeAssignment keeps it too).
    AND NOT EXISTS (SELECT 1 FROM "Advice" v WHERE v."planId" = a."planId" AND v."adviserId" = a."adviserId")
),
ended AS (
  UPDATE "AdviserAssignment" a
  SET status = 'REMOVED', "removedAt" = (now() AT TIME ZONE 'UTC'), "removedById" = NULL,
      "removalReason" = s.reason
  FROM seats s
  WHERE a.id = s.id
  RETURNING a.id
)
INSERT INTO "AuditLog" ("actorId", action, "targetType", "targetId", details, "createdAt")
SELECT NULL, 'assignment.removed', 'Plan', s."planId",
       jsonb_build_object(
         'assignmentId', s.id,
         'adviserId', s."adviserId",
         'previousStatus', s."previousStatus",
         'reason', s.reason),
       now() AT TIME ZONE 'UTC'
FROM seats s JOIN ended e ON e.id = s.id
ORDER BY s."planId", s.id;
