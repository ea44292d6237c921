// `npm run audit:verify`: recomputes every plan's chain of WorkflowEvents and names the first
// broken link of each plan. Exit 0 when every chain holds, 1 otherwise. Uses DATABASE_URL; the
// npm script starts the local database of `npm start` when DATABASE_URL is not set.
import { disconnectPrisma, prisma } from "../app/db/client.server.ts";
import { describeReport, verifyChains } from "../app/domain/workflow/chain.server.ts";

// Every plan's chain in one read may take longer than a request's query may (client.server.ts).
process.env.DATABASE_QUERY_TIMEOUT_MS ??= "0";
let code = 1;
try {
  const report = await verifyChains(prisma);
  for (const line of describeReport(report)) console.log(line);
  code = report.broken.length === 0 ? 0 : 1;
} catch (error) {
  console.error(
    `audit:verify kon de ketens niet controleren: ${error instanceof Error ? error.message : error}`,
  );
  code = 2;
} finally {
  await disconnectPrisma();
}
process.exit(code);
