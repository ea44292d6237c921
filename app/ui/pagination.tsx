import { Link } from "./link.tsx";

/**
 * The pages of a long list: first, last and two on each side of the current one, "…" for the gaps
 * (1 … 4 5 [6] 7 8 … 500). `null` marks a gap.
 */
export function pageLinks(page: number, count: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= count; n++) {
    if (n === 1 || n === count || Math.abs(n - page) <= 2) out.push(n);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

/** Vorige, the page numbers and Volgende under a staff list; nothing when it fits on one page. */
export function Pagination({
  page,
  pageCount,
  href,
  label = "Paginering",
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  /** Where a page holds two paged lists, each names its own (landmarks must differ). */
  label?: string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label={label}>
      <ul className="sp-pagination">
        {page > 1 ? (
          <li>
            <Link href={href(page - 1)} rel="prev">
              Vorige
            </Link>
          </li>
        ) : null}
        {pageLinks(page, pageCount).map((n, i) =>
          n === null ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity of their own.
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              <Link href={href(n)} aria-current={n === page ? "page" : undefined} aria-label={`Pagina ${n}`}>
                {n}
              </Link>
            </li>
          ),
        )}
        {page < pageCount ? (
          <li>
            <Link href={href(page + 1)} rel="next">
              Volgende
            </Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
