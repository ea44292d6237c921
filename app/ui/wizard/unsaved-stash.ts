/**
 * What a step form leaves in its tab for a reload (sessionStorage): the values not yet saved, and
 * the version they were typed on (see step-form.tsx). A tab outlives a session: a logout (or the
 * idle logout) and a colleague's login in the same tab must not bring the first user's text back
 * on the same step, so a copy is kept under the user who typed it. A page of any other user
 * discards it unread, and the logout button clears them all.
 */

const PREFIX = "sp-unsaved:";

/**
 * A copy older than this is not put back: it is only for the page that follows at once (a reload);
 * later, another user of the same browser tab could meet it.
 */
export const STASH_MAX_AGE_MS = 2 * 60_000;

export type Stash = { version: number; values: unknown; at: number };

function keyOf(userId: string, pathname: string): string {
  return `${PREFIX}${userId}:${pathname}`;
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    // Storage refused (a privacy mode).
    return null;
  }
}

function removeWhere(keep: (key: string) => boolean): void {
  const s = storage();
  if (!s) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (key?.startsWith(PREFIX) && !keep(key)) keys.push(key);
    }
    for (const key of keys) s.removeItem(key);
  } catch {
    // Nothing to remove where nothing could be stored.
  }
}

/** Keeps the page's unsaved values for the page that comes next in this tab. */
export function putStash(userId: string, pathname: string, stash: Stash): void {
  try {
    storage()?.setItem(keyOf(userId, pathname), JSON.stringify(stash));
  } catch {
    // Storage full or refused: the page's beacon alone.
  }
}

/** Drops the copy of this page (back from the back/forward cache: the page is as it was left). */
export function forgetStash(userId: string, pathname: string): void {
  try {
    storage()?.removeItem(keyOf(userId, pathname));
  } catch {
    // Storage refused: there is nothing to forget.
  }
}

/** Every copy in the tab, whoever typed it: on logout. */
export function clearStashes(): void {
  removeWhere(() => false);
}

/**
 * The values to put back into the page just loaded, or null. Every copy is read once: this page's
 * is removed, and so is every copy left by another user of the tab. A copy is put back only when
 * it was typed on the version loaded now (its save had not landed when the loader read the draft)
 * and is at most STASH_MAX_AGE_MS old.
 */
export function takeStash(
  userId: string,
  pathname: string,
  loadedVersion: number,
  at: number = Date.now(),
): unknown | null {
  const own = `${PREFIX}${userId}:`;
  removeWhere((key) => key.startsWith(own));
  const s = storage();
  if (!s) return null;
  try {
    const key = keyOf(userId, pathname);
    const raw = s.getItem(key);
    if (raw === null) return null;
    s.removeItem(key);
    const stash = JSON.parse(raw) as Partial<Stash>;
    if (typeof stash.version !== "number" || typeof stash.at !== "number" || !stash.values) return null;
    if (stash.version !== loadedVersion || at - stash.at > STASH_MAX_AGE_MS) return null;
    return stash.values;
  } catch {
    return null;
  }
}
