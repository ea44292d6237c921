import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { FolderDocumentStore } from "./store.server.ts";

/**
 * Runs `fn` with DOCUMENT_STORE=fs: pointing at a fresh temporary folder (every documentStore()
 * call inside picks it), then puts the setting back and removes the folder.
 */
export async function withFolderStore<T>(
  fn: (store: FolderDocumentStore, fileOf: (key: string) => string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "docs-store-"));
  const saved = process.env.DOCUMENT_STORE;
  process.env.DOCUMENT_STORE = `fs:${dir}`;
  try {
    return await fn(new FolderDocumentStore(dir), (key) => path.join(dir, key), dir);
  } finally {
    if (saved === undefined) delete process.env.DOCUMENT_STORE;
    else process.env.DOCUMENT_STORE = saved;
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return false;
      throw e;
    },
  );
}

/** Makes a file look as if it was written `hours` ago. */
export async function ageFile(file: string, hours: number): Promise<void> {
  const then = new Date(Date.now() - hours * 3_600_000);
  await utimes(file, then, then);
}
