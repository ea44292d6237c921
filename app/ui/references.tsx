/** A plan's kenmerk (SP-2026-000012) or a batch reference (BB-2026-0001). */
const REFERENCE = /(SP-\d{4}-\d{6}|BB-\d{4}-\d{4})/;

/**
 * A text with its references kept on one line each: in a narrow cell "Voorschot 1 sectorplan
 * SP-2013-000001" broke after "SP-2013-", and a split kenmerk is easily misread. The rest of the
 * text wraps as usual.
 */
export function WithReferences({ text }: { text: string }) {
  const parts = text.split(REFERENCE);
  if (parts.length === 1) return <>{text}</>;
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, never reordered.
          <span key={i} className="sp-nowrap">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </>
  );
}
