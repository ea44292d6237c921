import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { fileResponse } from "../../routes/file-response.server.ts";
import { minimalPdf } from "../../test/files.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { uploadAttachment } from "../attachments/attachments.server.ts";
import { MSG_WRONG_TYPE } from "../attachments/detect.ts";
import { RuleViolation } from "../errors.ts";
import { createDraftPlan } from "../plan/drafts.server.ts";

// The proofs attachments.test.ts and detect.test.ts do not already give: executables and HTML
// disguised as a PDF, where the bytes end up, and a hostile file name in the download's headers.

const root = path.resolve(import.meta.dirname, "../../..");
/** Folders a web server hands out as they are: an upload must never land there. */
const PUBLIC_DIRS = ["public", "build/client"].map((d) => path.join(root, d));

function filesUnder(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return; // build/client exists only after a build
    }
    for (const name of names) {
      const full = path.join(d, name);
      try {
        const st = statSync(full);
        if (st.isDirectory()) walk(full);
        else out.set(full, st.mtimeMs);
      } catch {
        // Gone between the listing and the stat: npm test builds beside vitest.
      }
    }
  };
  walk(dir);
  return out;
}

const snapshot = () => new Map(PUBLIC_DIRS.flatMap((d) => [...filesUnder(d)]));

/**
 * Files written since `before`: any under public/, and under build/client those that hold these
 * bytes (npm test builds beside vitest, so a build may be writing its own files there meanwhile).
 */
function writtenSince(before: Map<string, number>, bytes: Uint8Array): string[] {
  const needle = Buffer.from(bytes);
  const publicDir = PUBLIC_DIRS[0] as string;
  return [...snapshot()]
    .filter(([file, mtime]) => before.get(file) !== mtime)
    .map(([file]) => file)
    .filter((file) => {
      if (file.startsWith(publicDir + path.sep)) return true;
      try {
        return readFileSync(file).includes(needle);
      } catch {
        return false;
      }
    });
}

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

const draft = async () => (await createDraftPlan(s.applicantA, { regulationId: s.regulation.id })).id;

async function refused(planId: string, filename: string, bytes: Uint8Array): Promise<RuleViolation> {
  const err = await uploadAttachment(s.applicantA, planId, { kind: "OTHER", filename, bytes }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuleViolation);
  return err as RuleViolation;
}

describe("uploads are recognised by their content", () => {
  it.each([
    [
      "a Windows executable",
      Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(504)]),
    ],
    [
      "a Linux executable",
      Buffer.concat([Buffer.from("\x7fELF\x02\x01\x01\x00", "latin1"), Buffer.alloc(504)]),
    ],
    ["an HTML page", Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>\n")],
    [
      "an SVG with a script",
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
  ])("refuses %s named .pdf and stores nothing", async (_what, bytes) => {
    const planId = await draft();
    const err = await refused(planId, "overeenkomst.pdf", new Uint8Array(bytes));
    expect(err.message).toBe(MSG_WRONG_TYPE);
    expect(await prisma.planAttachment.count({ where: { planId } })).toBe(0);
    expect(await prisma.storedBlob.count({ where: { key: { startsWith: `attachments/${planId}/` } } })).toBe(
      0,
    );
  });
});

describe("uploads are stored outside what the web server serves", () => {
  it("keeps the bytes in the document store (the database here), and writes nothing under public/ or build/client", async () => {
    const before = snapshot();
    const planId = await draft();
    const bytes = await minimalPdf("Opgeslagen buiten public");
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes,
    });
    expect(await prisma.planAttachment.count({ where: { id } })).toBe(1);
    expect(await prisma.storedBlob.count({ where: { key: { startsWith: `attachments/${planId}/` } } })).toBe(
      1,
    );
    expect(writtenSince(before, bytes)).toEqual([]);
  });
});

describe("a download's headers", () => {
  it("are an attachment with nosniff and the content's type, whatever the uploaded name says", async () => {
    const res = fileResponse(new Uint8Array([37, 80, 68, 70]), {
      filename: 'x"; filename=evil.html\r\nSet-Cookie: a=b; .pdf',
      mimeType: "application/pdf",
      sha256: "0".repeat(64),
    });
    const disposition = res.headers.get("Content-Disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^\s";]+$/);
    expect(disposition).not.toMatch(/[\r\n]/);
    expect(res.headers.get("Set-Cookie")).toBeNull();
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
  });
});
