import { z } from "zod";
import { PlanStatus } from "../../generated/prisma/enums.ts";

/**
 * The query string of a staff list (GET form, works without JavaScript). Every field falls back
 * to its default on a bad value: a hand-edited URL shows the list, never an error page.
 */
export const LIST_NAMES = ["volledigheid", "vaststelling", "beoordeling", "besluit", "alle"] as const;
export type ListName = (typeof LIST_NAMES)[number];

export const SORT_KEYS = ["ontvangst", "termijn", "kenmerk", "organisatie"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZE = 25;
/** 10,000 plans are 400 pages; anything beyond this is a typo, not a page. */
const MAX_PAGE = 10_000;

const STATUSES = Object.values(PlanStatus).filter((s) => s !== "DRAFT") as [PlanStatus, ...PlanStatus[]];

/** First value of a repeated param, trimmed; "" counts as absent. */
const text = (max: number) =>
  z.preprocess((v) => {
    const s = Array.isArray(v) ? v[0] : v;
    return typeof s === "string" && s.trim() !== "" ? s.trim().slice(0, max) : undefined;
  }, z.string().optional());

export const ListParams = z.object({
  lijst: z.enum(LIST_NAMES).optional().catch(undefined),
  /** Kenmerk or (part of) the organisation's name. */
  q: text(100),
  status: z.enum(STATUSES).optional().catch(undefined),
  sector: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/)
    .optional()
    .catch(undefined),
  tijdvak: z.string().uuid().optional().catch(undefined),
  /** "mijn" (my plans), "geen" (no handler yet) or a handler's user id. */
  behandelaar: z
    .union([z.literal("mijn"), z.literal("geen"), z.string().uuid()])
    .optional()
    .catch(undefined),
  termijn: z.literal("verlopen").optional().catch(undefined),
  sorteer: z.enum(SORT_KEYS).optional().catch(undefined),
  richting: z.enum(["op", "af"]).optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1).default(1),
});
export type ListParams = z.infer<typeof ListParams>;

/** Parses URLSearchParams; never throws. */
export function parseListParams(search: URLSearchParams): ListParams {
  const raw: Record<string, string> = {};
  for (const key of search.keys()) {
    const v = search.get(key);
    if (v !== null && v !== "") raw[key] = v;
  }
  const parsed = ListParams.safeParse(raw);
  return parsed.success ? parsed.data : ListParams.parse({});
}

/** The query string for `params` with some fields changed, for page and sort links. */
export function listHref(params: ListParams, change: Partial<ListParams>): string {
  const merged = { ...params, ...change };
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === null || v === "") continue;
    if (k === "pagina" && v === 1) continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : "?";
}
