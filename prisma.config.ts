import { defineConfig } from "prisma/config";

// Prisma 7 keeps the connection URL out of schema.prisma. The CLI is only used for
// `prisma generate` here (migrations: docs/decisions/0002-prisma-migrations-offline.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://app:app@127.0.0.1:54329/app" },
});
