// Type-only import: case-file.server.ts imports this module's value, so no value may flow back.

import { csvBytes, csvCell } from "../csv-cell.ts";
import type { CaseFileEntry, CaseFilePart } from "../documents/case-file.server.ts";
import { formatDateTimeNl } from "../time/index.ts";

function csv(rows: string[][]): Uint8Array {
  return csvBytes(rows.map((r) => r.map(csvCell)));
}

/** The staff notes and the message thread with the applicant (issue 5), one CSV each. */
export const notesAndMessagesPart: CaseFilePart = {
  name: "Notities en berichten",
  async entries({ db, plan }) {
    const [notes, messages] = await Promise.all([
      db.planNote.findMany({ where: { planId: plan.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      db.planMessage.findMany({ where: { planId: plan.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    ]);
    const authorIds = [...new Set([...notes, ...messages].map((x) => x.authorId))];
    const users = await db.user.findMany({
      where: { id: { in: authorIds } },
      select: { id: true, name: true },
    });
    const name = new Map(users.map((u) => [u.id, u.name]));
    const out: CaseFileEntry[] = [];
    if (notes.length > 0) {
      out.push({
        path: "notities.csv",
        bytes: csv([
          ["moment (UTC)", "moment (Nederlandse tijd)", "door", "notitie"],
          ...notes.map((n) => [
            n.createdAt.toISOString(),
            formatDateTimeNl(n.createdAt),
            name.get(n.authorId) ?? "",
            n.text,
          ]),
        ]),
        description: `Interne notities van de behandeling (${notes.length}); niet zichtbaar voor de aanvrager`,
        at: notes.at(-1)?.createdAt ?? plan.createdAt,
      });
    }
    if (messages.length > 0) {
      out.push({
        path: "berichten.csv",
        bytes: csv([
          ["moment (UTC)", "moment (Nederlandse tijd)", "van", "door", "bericht"],
          ...messages.map((m) => [
            m.createdAt.toISOString(),
            formatDateTimeNl(m.createdAt),
            m.fromStaff ? "behandeling" : "aanvrager",
            name.get(m.authorId) ?? "",
            m.text,
          ]),
        ]),
        description: `Berichten tussen aanvrager en behandelaar (${messages.length})`,
        at: messages.at(-1)?.createdAt ?? plan.createdAt,
      });
    }
    return out;
  },
};
