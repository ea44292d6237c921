import { Paragraph } from "@rijkshuisstijl-community/components-react";
import { formatDateTime } from "../format.ts";

/**
 * `lang` marks a text whose language differs from the page's: staff write in Dutch, also to an
 * applicant reading the page in English (ADR 0008, WCAG 3.1.2).
 */
export type ThreadEntry = { id: string; who: string; createdAt: string; text: string; lang?: "nl" };

/**
 * Notes or messages of a plan as a list: who and when above each text (the case file's threads).
 * `formatAt` renders the time in the page's language (the applicant's side); staff pages are Dutch.
 */
export function Thread({
  entries,
  label,
  empty,
  formatAt = formatDateTime,
}: {
  entries: ThreadEntry[];
  label: string;
  empty: string;
  formatAt?: (at: string) => string;
}) {
  if (entries.length === 0) return <Paragraph>{empty}</Paragraph>;
  return (
    <ol className="sp-thread" aria-label={label}>
      {entries.map((e) => (
        <li key={e.id}>
          <p className="sp-thread-meta">
            {e.who}, {formatAt(e.createdAt)}
          </p>
          <p className="sp-thread-text" lang={e.lang}>
            {e.text}
          </p>
        </li>
      ))}
    </ol>
  );
}
