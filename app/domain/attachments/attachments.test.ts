import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "../../auth/session.server.ts";
import { disconnectPrisma, prisma } from "../../db/client.server.ts";
import { action as stepAction } from "../../routes/aanvrager/wizard/bijlagen.tsx";
import { loader as downloadLoader } from "../../routes/bijlagen.tsx";
import type { ActionFailure } from "../../routes/respond.server.ts";
import {
  minimalDocx,
  minimalOdt,
  minimalPdf,
  minimalPng,
  minimalXlsx,
  paddedTo,
  textFile,
} from "../../test/files.ts";
import { createScenario, type Scenario } from "../../test/scenario.server.ts";
import { setClock } from "../clock.ts";
import { fileExists, withFolderStore } from "../documents/folder-store.test-support.ts";
import { NotFoundError, RuleViolation } from "../errors.ts";
import { createDraftPlan } from "../plan/drafts.server.ts";
import {
  canEditAttachments,
  listAttachments,
  readAttachment,
  removeAttachment,
  uploadAttachment,
} from "./attachments.server.ts";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_PLAN_MAX,
  MSG_EMPTY,
  MSG_KIND,
  MSG_NOT_FOUND,
  MSG_SUBMITTED_FILE,
  MSG_TOO_LARGE,
  MSG_TOO_MANY,
  MSG_UNREADABLE,
  MSG_WRONG_TYPE,
} from "./detect.ts";

let s: Scenario;
beforeAll(async () => {
  s = await createScenario();
});
afterAll(async () => {
  await disconnectPrisma();
});

async function draft(): Promise<string> {
  return (await createDraftPlan(s.applicantA, { regulationId: s.regulation.id })).id;
}

/**
 * The lead's submission helpers are being rewritten; a status set directly is enough here, since
 * attachments care only whether the plan is still editable and whom staff may see.
 */
async function markSubmitted(planId: string): Promise<void> {
  await prisma.plan.update({ where: { id: planId }, data: { status: "SUBMITTED", submittedAt: new Date() } });
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function refusal(promise: Promise<unknown>): Promise<RuleViolation> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RuleViolation);
  return err as RuleViolation;
}

async function planVersion(planId: string): Promise<number> {
  return (await prisma.plan.findUniqueOrThrow({ where: { id: planId }, select: { version: true } })).version;
}

async function storedRows(planId: string) {
  const rows = await prisma.planAttachment.findMany({ where: { planId } });
  const blobs = await prisma.storedBlob.count({ where: { key: { startsWith: `attachments/${planId}/` } } });
  return { rows: rows.length, blobs };
}

describe("uploadAttachment", () => {
  it.each([
    ["PDF", minimalPdf, "application/pdf", "overeenkomst.pdf"],
    [
      "XLSX",
      minimalXlsx,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "begroting.xlsx",
    ],
    [
      "DOCX",
      minimalDocx,
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "mandaat.docx",
    ],
    ["ODT", minimalOdt, "application/vnd.oasis.opendocument.text", "bijlage.odt"],
  ] as const)(
    "accepts a %s and keeps its bytes, size and SHA-256",
    async (_name, build, mimeType, filename) => {
      const planId = await draft();
      const bytes = await build();
      const result = await uploadAttachment(s.applicantA, planId, { kind: "OTHER", filename, bytes });

      expect(result.mimeType).toBe(mimeType);
      expect(result.sha256).toBe(sha256(bytes));
      const row = await prisma.planAttachment.findUniqueOrThrow({ where: { id: result.id } });
      expect(row).toMatchObject({
        planId,
        kind: "OTHER",
        filename,
        mimeType,
        byteSize: bytes.byteLength,
        sha256: sha256(bytes),
        uploadedById: s.applicantA.userId,
      });
      const read = await readAttachment(s.applicantA, result.id);
      expect(read?.mimeType).toBe(mimeType);
      expect(read?.filename).toBe(filename);
      expect(Buffer.from(read?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    },
  );

  it("refuses a text file renamed to .pdf, by its content, and stores nothing", async () => {
    const planId = await draft();
    const err = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "PARTNERSHIP_AGREEMENT",
        filename: "overeenkomst.pdf",
        bytes: textFile(),
      }),
    );
    expect(err.message).toBe(MSG_WRONG_TYPE);
    expect(err.field).toBe("file");
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
  });

  it("refuses a PNG, whatever it is called", async () => {
    const planId = await draft();
    const err = await refusal(
      uploadAttachment(s.applicantA, planId, { kind: "OTHER", filename: "scan.docx", bytes: minimalPng() }),
    );
    expect(err.message).toBe(MSG_WRONG_TYPE);
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
  });

  it("refuses a file of 10 MB and one byte, and accepts one of exactly 10 MB", async () => {
    const planId = await draft();
    const pdf = await minimalPdf();
    const err = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "BUDGET_SHEET",
        filename: "groot.pdf",
        bytes: paddedTo(pdf, ATTACHMENT_MAX_BYTES + 1),
      }),
    );
    expect(err.message).toBe(MSG_TOO_LARGE);
    expect(err.field).toBe("file");
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });

    const exact = paddedTo(pdf, ATTACHMENT_MAX_BYTES);
    const ok = await uploadAttachment(s.applicantA, planId, {
      kind: "BUDGET_SHEET",
      filename: "precies.pdf",
      bytes: exact,
    });
    const [view] = await listAttachments(s.applicantA, planId);
    expect(view).toMatchObject({ id: ok.id, byteSize: ATTACHMENT_MAX_BYTES, sha256: sha256(exact) });
  });

  it("refuses an empty file and an unknown kind", async () => {
    const planId = await draft();
    const empty = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "OTHER",
        filename: "leeg.pdf",
        bytes: new Uint8Array(),
      }),
    );
    expect(empty.message).toBe(MSG_EMPTY);
    const kind = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "SELFIE" as "OTHER",
        filename: "a.pdf",
        bytes: await minimalPdf(),
      }),
    );
    expect(kind.message).toBe(MSG_KIND);
    expect(kind.field).toBe("kind");
  });

  it("keeps a cleaned display name: no folders, no control characters", async () => {
    const planId = await draft();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "MANDATE",
      filename: "C:\\fakepath\\man\u0007daat\u202E.pdf",
      bytes: await minimalPdf(),
    });
    const row = await prisma.planAttachment.findUniqueOrThrow({ where: { id } });
    expect(row.filename).toBe("mandaat.pdf");
  });

  it(`refuses more than ${ATTACHMENTS_PER_PLAN_MAX} files in one plan`, async () => {
    const planId = await draft();
    for (let i = 0; i < ATTACHMENTS_PER_PLAN_MAX; i++)
      await uploadAttachment(s.applicantA, planId, {
        kind: "OTHER",
        filename: `${i}.pdf`,
        bytes: await minimalPdf(`Bijlage ${i}`),
      });
    const err = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "OTHER",
        filename: "een-te-veel.pdf",
        bytes: await minimalPdf("Een te veel"),
      }),
    );
    expect(err.message).toBe(MSG_TOO_MANY);
  });

  it("keeps one attachment when the same file is sent twice under the same heading, also at once", async () => {
    const planId = await draft();
    const bytes = await minimalPdf();
    const input = { kind: "MANDATE" as const, filename: "mandaat.pdf", bytes };
    const [a, b] = await Promise.all([
      uploadAttachment(s.applicantA, planId, input),
      uploadAttachment(s.applicantA, planId, input),
    ]);
    const versionAfterFirst = await planVersion(planId);
    const again = await uploadAttachment(s.applicantA, planId, { ...input, filename: "mandaat (1).pdf" });
    expect(new Set([a.id, b.id, again.id]).size).toBe(1);
    expect(await storedRows(planId)).toEqual({ rows: 1, blobs: 1 });
    // Nothing changed: a page read before the second press is not out of date.
    expect(await planVersion(planId)).toBe(versionAfterFirst);
    // The same file under another heading, and another file under the same one, are attachments.
    await uploadAttachment(s.applicantA, planId, { ...input, kind: "OTHER" });
    await uploadAttachment(s.applicantA, planId, { ...input, bytes: await minimalPdf("Tweede mandaat") });
    expect(await storedRows(planId)).toEqual({ rows: 3, blobs: 3 });
  });

  it("stores the same file twice, in two plans, as two attachments", async () => {
    const bytes = await minimalPdf();
    const one = await draft();
    const two = await draft();
    const a = await uploadAttachment(s.applicantA, one, { kind: "OTHER", filename: "x.pdf", bytes });
    const b = await uploadAttachment(s.applicantA, two, { kind: "OTHER", filename: "x.pdf", bytes });
    expect(a.sha256).toBe(b.sha256);
    await removeAttachment(s.applicantA, one, a.id);
    expect(await readAttachment(s.applicantA, b.id)).not.toBeNull();
  });
});

describe("who may do what", () => {
  it("another organisation cannot upload, list, read or remove (not found)", async () => {
    const planId = await draft();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes: await minimalPdf(),
    });
    await expect(
      uploadAttachment(s.applicantB, planId, { kind: "OTHER", filename: "b.pdf", bytes: await minimalPdf() }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(listAttachments(s.applicantB, planId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await readAttachment(s.applicantB, id)).toBeNull();
    await expect(removeAttachment(s.applicantB, planId, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await canEditAttachments(s.applicantB, planId)).toBe(false);
    expect(await storedRows(planId)).toEqual({ rows: 1, blobs: 1 });
  });

  it("a colleague of the same organisation can list and read", async () => {
    const colleague = await s.newUser("APPLICANT", s.orgA.id);
    const planId = await draft();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes: await minimalPdf(),
    });
    expect((await listAttachments(colleague, planId)).map((a) => a.id)).toEqual([id]);
    expect(await readAttachment(colleague, id)).not.toBeNull();
  });

  it("staff see nothing of a draft, and list and read a file once a submitted version names it", async () => {
    const planId = await draft();
    const bytes = await minimalPdf();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes,
    });
    expect(await readAttachment(s.handler, id)).toBeNull();
    await expect(listAttachments(s.handler, planId)).rejects.toBeInstanceOf(NotFoundError);

    await markSubmitted(planId);
    // A file no submitted version was sent with (an upload for a supplement not yet sent) is the
    // organisation's own draft: staff neither list nor read it; the organisation does.
    expect(await listAttachments(s.handler, planId)).toEqual([]);
    expect(await readAttachment(s.decisionMaker, id)).toBeNull();
    expect(await readAttachment(s.applicantA, id)).not.toBeNull();
    const sent = { kind: "PARTNERSHIP_AGREEMENT", filename: "overeenkomst.pdf", byteSize: bytes.byteLength };
    // The same name and kind with other bytes is another file than the one sent.
    await prisma.planVersion.create({
      data: {
        planId,
        number: 1,
        snapshot: { attachments: [{ ...sent, sha256: "0".repeat(64) }] },
        sha256: "0".repeat(64),
        submittedById: s.applicantA.userId,
        submittedAt: new Date(),
      },
    });
    expect(await readAttachment(s.decisionMaker, id)).toBeNull();
    await prisma.planVersion.create({
      data: {
        planId,
        number: 2,
        snapshot: { attachments: [{ ...sent, sha256: sha256(bytes) }] },
        sha256: "1".repeat(64),
        submittedById: s.applicantA.userId,
        submittedAt: new Date(),
      },
    });
    const [view] = await listAttachments(s.handler, planId);
    expect(view).toMatchObject({
      id,
      kind: "PARTNERSHIP_AGREEMENT",
      kindLabel: "Ondertekende samenwerkingsovereenkomst",
      filename: "overeenkomst.pdf",
      sha256: sha256(bytes),
    });
    const read = await readAttachment(s.decisionMaker, id);
    expect(read?.bytes.byteLength).toBe(bytes.byteLength);
    // Staff read; they do not change an applicant's files.
    await expect(removeAttachment(s.handler, planId, id)).rejects.toThrow();
    expect(await canEditAttachments(s.handler, planId)).toBe(false);
  });

  it("an unknown or malformed attachment id reads as nothing", async () => {
    expect(await readAttachment(s.applicantA, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await readAttachment(s.applicantA, "../../etc/passwd")).toBeNull();
  });
});

describe("removeAttachment", () => {
  it("removes the row and its bytes while the plan is a draft", async () => {
    const planId = await draft();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "OTHER",
      filename: "weg.pdf",
      bytes: await minimalPdf(),
    });
    expect(await canEditAttachments(s.applicantA, planId)).toBe(true);
    const before = await planVersion(planId);
    await removeAttachment(s.applicantA, planId, id);
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
    // A page read before the removal (deleting or submitting the draft) is out of date.
    expect(await planVersion(planId)).toBe(before + 1);
    expect(await readAttachment(s.applicantA, id)).toBeNull();
    await expect(removeAttachment(s.applicantA, planId, id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("removes the file too with a folder document store, once the removal committed", async () => {
    await withFolderStore(async (_store, fileOf) => {
      const planId = await draft();
      const { id } = await uploadAttachment(s.applicantA, planId, {
        kind: "OTHER",
        filename: "weg.pdf",
        bytes: await minimalPdf(),
      });
      const file = fileOf(`attachments/${planId}/${id}`);
      expect(await fileExists(file)).toBe(true);
      await removeAttachment(s.applicantA, planId, id);
      expect(await fileExists(file)).toBe(false);
      expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
    });
  });

  it("does not remove an attachment through another plan of the same organisation", async () => {
    const one = await draft();
    const two = await draft();
    const { id } = await uploadAttachment(s.applicantA, one, {
      kind: "OTHER",
      filename: "a.pdf",
      bytes: await minimalPdf(),
    });
    await expect(removeAttachment(s.applicantA, two, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedRows(one)).toEqual({ rows: 1, blobs: 1 });
  });

  it("refuses removal and upload after submission", async () => {
    const planId = await draft();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes: await minimalPdf(),
    });
    await markSubmitted(planId);

    const removal = await refusal(removeAttachment(s.applicantA, planId, id));
    expect(removal.message).toBe("Dit plan is ingediend en kan niet meer worden gewijzigd.");
    const upload = await refusal(
      uploadAttachment(s.applicantA, planId, {
        kind: "OTHER",
        filename: "laat.pdf",
        bytes: await minimalPdf(),
      }),
    );
    expect(upload.message).toBe("Dit plan is ingediend en kan niet meer worden gewijzigd.");
    expect(await canEditAttachments(s.applicantA, planId)).toBe(false);
    expect(await storedRows(planId)).toEqual({ rows: 1, blobs: 1 });
  });
});

describe("removeAttachment after a supplement request reopens the step", () => {
  afterEach(() => setClock(null));

  it("keeps a file that went in with a submitted version, and removes one added since", async () => {
    const planId = await draft();
    const submittedAt = new Date("2026-03-02T10:00:00Z");
    setClock(new Date("2026-03-01T10:00:00Z"));
    const sent = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.pdf",
      bytes: await minimalPdf(),
    });
    await prisma.planVersion.create({
      data: {
        planId,
        number: 1,
        snapshot: {},
        sha256: "0".repeat(64),
        submittedById: s.applicantA.userId,
        submittedAt,
      },
    });
    await prisma.plan.update({ where: { id: planId }, data: { status: "INFO_REQUESTED", submittedAt } });
    await prisma.supplementRequest.create({
      data: {
        planId,
        requestedById: s.handler.userId,
        text: "Stuur de ondertekende overeenkomst opnieuw.",
        steps: ["attachments"],
        requestedAt: submittedAt,
        dueAt: new Date(submittedAt.getTime() + 14 * 86_400_000),
      },
    });
    expect(await canEditAttachments(s.applicantA, planId)).toBe(true);

    const kept = await refusal(removeAttachment(s.applicantA, planId, sent.id));
    expect(kept.message).toBe(MSG_SUBMITTED_FILE);
    expect(await storedRows(planId)).toEqual({ rows: 1, blobs: 1 });

    setClock(new Date("2026-03-03T10:00:00Z"));
    const added = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst-getekend.pdf",
      bytes: await minimalPdf("Samenwerkingsovereenkomst, getekend"),
    });
    await removeAttachment(s.applicantA, planId, added.id);
    expect(await storedRows(planId)).toEqual({ rows: 1, blobs: 1 });
  });
});

describe("listAttachments", () => {
  it("lists by kind in the order of the step, then by upload time", async () => {
    const planId = await draft();
    const pdf = await minimalPdf();
    await uploadAttachment(s.applicantA, planId, { kind: "OTHER", filename: "overig.pdf", bytes: pdf });
    await uploadAttachment(s.applicantA, planId, {
      kind: "BUDGET_SHEET",
      filename: "begroting.xlsx",
      bytes: await minimalXlsx(),
    });
    await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "sok.pdf",
      bytes: pdf,
    });
    const list = await listAttachments(s.applicantA, planId);
    expect(list.map((a) => a.kind)).toEqual(["PARTNERSHIP_AGREEMENT", "BUDGET_SHEET", "OTHER"]);
    expect(typeof list[0]?.createdAt).toBe("string");
  });
});

/**
 * The step's action with real multipart requests: bad input is a 400 with the message on the
 * file field of the form that sent it, never a 500; success redirects back (no re-post on reload).
 */
describe("the attachments step's action", () => {
  type Answer = { status: number; body?: ActionFailure; location?: string | null };

  async function post(planId: string, fields: Record<string, string | File>, query = ""): Promise<Answer> {
    const cookie = (await createUserSession(new Request("http://localhost/"), s.applicantA.userId)).split(
      ";",
    )[0];
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    const request = new Request(`http://localhost/aanvrager/plannen/${planId}/stap/bijlagen${query}`, {
      method: "POST",
      body,
      headers: { Cookie: cookie ?? "" },
    });
    const result: unknown = await stepAction({ request, params: { planId }, context: {} } as never);
    if (result instanceof Response)
      return { status: result.status, location: result.headers.get("Location") };
    const answer = result as { data: ActionFailure; init: ResponseInit | null };
    return { status: answer.init?.status ?? 200, body: answer.data };
  }

  const fileMessage = (a: Answer) => (a.body?.errors?.file as { message?: string } | undefined)?.message;
  const pdfFile = async (name: string, bytes?: Uint8Array) =>
    new File([new Uint8Array(bytes ?? (await minimalPdf()))], name, { type: "application/pdf" });

  it("answers 400 with the content message for a text file renamed to .pdf", async () => {
    const planId = await draft();
    const answer = await post(
      planId,
      {
        intent: "upload",
        kind: "PARTNERSHIP_AGREEMENT",
        file: new File([new Uint8Array(textFile())], "overeenkomst.pdf", { type: "application/pdf" }),
      },
      "?soort=PARTNERSHIP_AGREEMENT",
    );
    expect(answer.status).toBe(400);
    expect(answer.body?.form).toBe("PARTNERSHIP_AGREEMENT");
    expect(fileMessage(answer)).toBe(MSG_WRONG_TYPE);
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
  });

  it("answers 400 with the size message for a file over 10 MB, cut off by the parser", async () => {
    const planId = await draft();
    for (const size of [ATTACHMENT_MAX_BYTES + 1, ATTACHMENT_MAX_BYTES + 5 * 1024 * 1024]) {
      const answer = await post(
        planId,
        {
          intent: "upload",
          kind: "BUDGET_SHEET",
          file: await pdfFile("groot.pdf", paddedTo(await minimalPdf(), size)),
        },
        "?soort=BUDGET_SHEET",
      );
      expect(answer.status).toBe(400);
      expect(answer.body?.form).toBe("BUDGET_SHEET");
      expect(fileMessage(answer)).toBe(MSG_TOO_LARGE);
    }
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
  });

  it("answers 400 when no file was chosen or the kind is unknown", async () => {
    const planId = await draft();
    const none = await post(planId, { intent: "upload", kind: "MANDATE", file: new File([], "") });
    expect(none.status).toBe(400);
    expect(fileMessage(none)).toBe(MSG_EMPTY);
    const kind = await post(planId, { intent: "upload", kind: "SELFIE", file: await pdfFile("a.pdf") });
    expect(kind.status).toBe(400);
    expect(fileMessage(kind)).toBe(MSG_KIND);
  });

  it("stores a PDF of exactly 10 MB, redirects back, and removes it again", async () => {
    const planId = await draft();
    const back = `/aanvrager/plannen/${planId}/stap/bijlagen`;
    const bytes = paddedTo(await minimalPdf(), ATTACHMENT_MAX_BYTES);
    const upload = await post(
      planId,
      {
        intent: "upload",
        kind: "PARTNERSHIP_AGREEMENT",
        file: await pdfFile("map/sok.pdf", bytes),
      },
      "?soort=PARTNERSHIP_AGREEMENT",
    );
    expect(upload).toMatchObject({ status: 302, location: back });
    const [view] = await listAttachments(s.applicantA, planId);
    expect(view).toMatchObject({
      filename: "sok.pdf",
      byteSize: ATTACHMENT_MAX_BYTES,
      sha256: sha256(bytes),
    });

    const removal = await post(planId, { intent: "remove", attachmentId: view?.id ?? "" });
    expect(removal).toMatchObject({ status: 302, location: back });
    expect(await storedRows(planId)).toEqual({ rows: 0, blobs: 0 });
    // Removed already (a second tab): a message, not an error page.
    const again = await post(planId, { intent: "remove", attachmentId: view?.id ?? "" });
    expect(again.status).toBe(404);
    expect(again.body?.formError).toBe(MSG_NOT_FOUND);
  });

  it("answers 400, not 500, to a tampered form", async () => {
    const planId = await draft();
    const removal = await post(planId, { intent: "remove", attachmentId: "../../etc/passwd" });
    expect(removal.status).toBe(400);
    expect(removal.body?.formError).toBe(MSG_NOT_FOUND);
    const nothing = await post(planId, { kind: "OTHER" });
    expect(nothing.status).toBe(400);
    expect(nothing.body?.formError).toBe(MSG_UNREADABLE);
  });

  it("answers 400 with the plan's message after submission", async () => {
    const planId = await draft();
    await markSubmitted(planId);
    const answer = await post(planId, { intent: "upload", kind: "OTHER", file: await pdfFile("laat.pdf") });
    expect(answer.status).toBe(400);
    expect(answer.body?.formError).toBe("Dit plan is ingediend en kan niet meer worden gewijzigd.");
  });
});

describe("the download route", () => {
  async function get(actorUserId: string, attachmentId: string): Promise<Response> {
    const cookie = (await createUserSession(new Request("http://localhost/"), actorUserId)).split(";")[0];
    const request = new Request(`http://localhost/bijlagen/${attachmentId}`, {
      headers: { Cookie: cookie ?? "" },
    });
    try {
      return (await downloadLoader({ request, params: { attachmentId }, context: {} } as never)) as Response;
    } catch (thrown) {
      const answer = thrown as { init?: ResponseInit | null };
      return new Response(null, { status: answer.init?.status ?? 500 });
    }
  }

  it("hands the bytes to the organisation as a download of the content's type, and 404 to others", async () => {
    const planId = await draft();
    const bytes = await minimalPdf();
    const { id } = await uploadAttachment(s.applicantA, planId, {
      kind: "PARTNERSHIP_AGREEMENT",
      filename: "overeenkomst.html",
      bytes,
    });
    const ok = await get(s.applicantA.userId, id);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Type")).toBe("application/pdf");
    expect(ok.headers.get("Content-Disposition")).toContain('attachment; filename="overeenkomst.html.pdf"');
    expect(ok.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(Buffer.from(await ok.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    expect((await get(s.applicantB.userId, id)).status).toBe(404);
    expect((await get(s.handler.userId, id)).status).toBe(404);
  });
});
