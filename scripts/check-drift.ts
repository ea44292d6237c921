// `npm run db:drift`: fails when prisma/schema.prisma and prisma/migrations disagree, i.e. someone
// changed the schema without `npm run db:new-migration -- <name>` (or edited a migration by hand).
import { diffMigrationsToSchema } from "./lib/schema-engine.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set (or run: npm run db:drift)");
  process.exit(64);
}
const sql = await diffMigrationsToSchema(url);
if (sql.trim() === "") {
  console.log("no drift: migrations match prisma/schema.prisma");
} else {
  console.error("Drift: the migrations do not produce prisma/schema.prisma. Missing SQL:\n");
  console.error(sql);
  console.error("Fix: npm run db:new-migration -- <name>");
  process.exit(1);
}
