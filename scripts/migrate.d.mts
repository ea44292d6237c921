export declare const MIGRATIONS_DIR: string;
export declare function readMigrations(
  migrationsDir?: string,
): { name: string; sql: string; checksum: string }[];
export declare function migrate(
  databaseUrl: string,
  options?: { migrationsDir?: string; log?: (line: string) => void },
): Promise<string[]>;
