import { type PrismaClient, prisma } from "../../db/client.server.ts";
import { currentLog } from "../../log.server.ts";
import { now } from "../clock.ts";
import { type DocumentStore, documentStore } from "../documents/store.server.ts";

/**
 * Bewaartermijnen (AVG art. 5(1)(c),(e)) of the rows that exist only to make something work for a
 * while, and that the daily cleanup removes (ADR 0028). The privacy statement names these periods:
 * change them there as well (privacy.retention* in app/i18n/nl.ts and en.ts).
 */
export const RETENTION = {
  /**
   * A finished outbox message: its payload may hold an address someone typed into "wachtwoord
   * vergeten". Seven days is one longer than the re-drive looks back (ADR 0022: 6 days, and it
   * skips done messages anyway) and as long as BullMQ keeps the completed job (COMPLETED_JOB_KEEP_S).
   */
  outboxDoneDays: 7,
  /**
   * An outbox message handed to BullMQ whose job never recorded itself done: failed, discarded by
   * an admin, or completed before doneAt existed. The re-drive no longer looks at it after 6 days;
   * a failed job an admin retries later carries its own payload in Redis.
   */
  outboxUnfinishedDays: 30,
  /** An invitation or password link that can no longer be used: expired, used or withdrawn. */
  spentLinkDays: 30,
  /**
   * Stored bytes no row points at: a removed attachment whose file a crash kept (a folder store
   * removes it only after the commit), or a put whose transaction rolled back. Older than any
   * transaction lasts, so bytes whose row is about to be committed are never taken.
   */
  orphanBytesDays: 1,
} as const;

const DAY_MS = 86_400_000;

export type CleanupCounts = {
  outboxDone: number;
  outboxUnfinished: number;
  sessions: number;
  invitations: number;
  passwordResetTokens: number;
  signUpRequests: number;
  throttleRows: number;
  orphanBytes: number;
};

export type CleanupOptions = {
  db?: Pick<PrismaClient, "$executeRaw">;
  /** Rows per DELETE: each batch is its own short statement, so no table is locked for long. */
  batchSize?: number;
  /** At most this many batches per kind per run; what is left waits for the next day's run. */
  maxBatches?: number;
  /** Where the documents' bytes live; DOCUMENT_STORE's store when not given. */
  store?: DocumentStore;
};

/**
 * Deletes what has outlived its period (RETENTION), in bounded batches, and logs how many of each.
 * Safe to run twice or beside itself: a second run finds nothing more, and a row two runs both pick
 * is deleted once. Never touched: PENDING outbox messages (work still to do), EmailDelivery rows
 * (the proof that a mail went out, and the key that stops a re-run from mailing twice) but those of
 * an unconfirmed sign-up's mail, which go with their request, AuditLog.
 */
export async function cleanUpExpiredData(opts: CleanupOptions = {}): Promise<CleanupCounts> {
  const db = opts.db ?? prisma;
  const batchSize = opts.batchSize ?? 1_000;
  const maxBatches = opts.maxBatches ?? 100;
  const at = now();
  const daysAgo = (days: number) => new Date(at.getTime() - days * DAY_MS);
  const outboxDoneBefore = daysAgo(RETENTION.outboxDoneDays);
  const outboxUnfinishedBefore = daysAgo(RETENTION.outboxUnfinishedDays);
  const spentBefore = daysAgo(RETENTION.spentLinkDays);

  const inBatches = async (deleteBatch: (limit: number) => Promise<number>): Promise<number> => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await deleteBatch(batchSize);
      total += n;
      if (n < batchSize) break;
    }
    return total;
  };

  const counts: CleanupCounts = {
    // createdAt <= doneAt, so the createdAt bound changes nothing but lets the (status, createdAt)
    // index find the candidates.
    outboxDone: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "OutboxMessage" WHERE id IN (
          SELECT id FROM "OutboxMessage"
          WHERE status = 'SENT' AND "createdAt" < ${outboxDoneBefore} AND "doneAt" < ${outboxDoneBefore}
          LIMIT ${limit})`,
    ),
    outboxUnfinished: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "OutboxMessage" WHERE id IN (
          SELECT id FROM "OutboxMessage"
          WHERE status = 'SENT' AND "doneAt" IS NULL AND "createdAt" < ${outboxUnfinishedBefore}
          LIMIT ${limit})`,
    ),
    // Past its 8-hour end no request can use it (session.server.ts); one left idle ends sooner,
    // and is gone by the same rule within 8 hours.
    sessions: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "Session" WHERE id IN (
          SELECT id FROM "Session" WHERE "expiresAt" <= ${at} LIMIT ${limit})`,
    ),
    // A withdrawal sets expiresAt to the same moment, so expiresAt covers withdrawn ones too.
    // Nothing refers to an invitation by key: the audit rows name it by id and keep the address
    // in their own details.
    invitations: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "Invitation" WHERE id IN (
          SELECT id FROM "Invitation"
          WHERE "expiresAt" < ${spentBefore} OR "acceptedAt" < ${spentBefore} OR "withdrawnAt" < ${spentBefore}
          LIMIT ${limit})`,
    ),
    passwordResetTokens: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "PasswordResetToken" WHERE id IN (
          SELECT id FROM "PasswordResetToken"
          WHERE "expiresAt" < ${spentBefore} OR "usedAt" < ${spentBefore}
          LIMIT ${limit})`,
    ),
    // A sign-up nobody confirmed holds the form and a password hash of someone who may never come
    // back: it goes the first night after its link expired (ADR 0029), and with it the delivery
    // row of its mail (key "sign-up-confirm:<id>", account-email.server.ts), the one other place
    // its address stayed; in the same statement, so neither outlives the other. A confirmed one
    // kept only its address (confirmSignUp empties the rest), so that its link reads "already
    // confirmed"; it goes after the period of a used link, and its mail's delivery row stays, as
    // every account's does (the address is the account's now).
    signUpRequests: await inBatches(
      (limit) => db.$executeRaw`
        WITH doomed AS (
          SELECT id, "confirmedAt" FROM "SignUpRequest"
          WHERE ("confirmedAt" IS NULL AND "expiresAt" <= ${at}) OR "confirmedAt" < ${spentBefore}
          LIMIT ${limit}
        ), mails AS (
          DELETE FROM "EmailDelivery" WHERE "idempotencyKey" IN (
            SELECT 'sign-up-confirm:' || id FROM doomed WHERE "confirmedAt" IS NULL)
        )
        DELETE FROM "SignUpRequest" WHERE id IN (SELECT id FROM doomed)`,
    ),
    // A throttle count (a client address, or a hash of an e-mail address) that has run out. The
    // limiter removes such rows an hour late, and only while a web process has used it since its
    // start; this makes "within a day" hold regardless. Safe beside it: it treats an expired row
    // as absent, deletes it itself before counting again, and upserts. The limiter's time is the
    // machine's, not the portal's clock (PORTAL_CLOCK may run ahead in e2e runs).
    throttleRows: await inBatches(
      (limit) => db.$executeRaw`
        DELETE FROM "RateLimiterFlexible" WHERE key IN (
          SELECT key FROM "RateLimiterFlexible" WHERE expire < ${new Date()} LIMIT ${limit})`,
    ),
    // By the machine's time too: a file's age is its mtime, a blob's the database's now(), and a
    // portal clock run ahead would take bytes of a transaction still open.
    orphanBytes: await (opts.store ?? documentStore()).removeOrphans(
      new Date(Date.now() - RETENTION.orphanBytesDays * DAY_MS),
      batchSize,
    ),
  };
  currentLog().info({ retention: counts }, `retention cleanup: ${cleanupSummary(counts)}`);
  return counts;
}

function cleanupSummary(c: CleanupCounts): string {
  return (
    `${c.outboxDone} done and ${c.outboxUnfinished} unfinished outbox messages, ${c.sessions} sessions, ` +
    `${c.invitations} invitations, ${c.passwordResetTokens} password links, ${c.signUpRequests} sign-up requests, ${c.throttleRows} throttle rows, ${c.orphanBytes} unreferenced stored files deleted`
  );
}
