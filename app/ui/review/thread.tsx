import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { formatDateTime } from "../format.ts";

export type ThreadEntry = { id: string; who: string; createdAt: string; text: string };

/** Notes or messages of a plan as a list: who and when above each text (the case file's threads). */
export function Thread({ entries, label, empty }: { entries: ThreadEntry[]; label: string; empty: string }) {
  if (entries.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <ol className="sp-thread" aria-label={label}>
      {entries.map((e) => (
        <li key={e.id}>
          <p className="sp-thread-meta">
            {e.who}, {formatDateTime(e.createdAt)}
          </p>
          <p className="sp-thread-text">{e.text}</p>
        </li>
      ))}
    </ol>
  );
}
