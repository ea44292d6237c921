import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearStashes, putStash, STASH_MAX_AGE_MS, takeStash } from "./unsaved-stash.ts";

/** The tab's sessionStorage, as the browser gives it (the tests run in node). */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

const g = globalThis as { sessionStorage?: Storage };
function stashKeys(): string[] {
  const s = g.sessionStorage as Storage;
  return Array.from({ length: s.length }, (_, i) => s.key(i) as string).filter((k) =>
    k.startsWith("sp-unsaved:"),
  );
}

const PATH = "/aanvrager/plannen/p1/stap/aanvrager";
const AT = 1_800_000_000_000;
const typed = { title: "Getypt door Marieke" };

beforeEach(() => {
  g.sessionStorage = new MemoryStorage();
});
afterEach(() => {
  delete g.sessionStorage;
});

describe("the copy a step form leaves for a reload", () => {
  it("is put back for the user who typed it, on the version it was typed on, once", () => {
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    expect(takeStash("user-a", PATH, 4, AT + 1_000)).toEqual(typed);
    expect(takeStash("user-a", PATH, 4, AT + 1_000)).toBeNull();
    expect(stashKeys()).toEqual([]);
  });

  it("is never put back for another user of the tab, who discards it unread", () => {
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    putStash("user-a", "/aanvrager/plannen/p2/realisatie/resultaten", { version: 2, values: typed, at: AT });
    expect(takeStash("user-b", PATH, 4, AT + 1_000)).toBeNull();
    // Gone, for every page: the first user's text is not there for a later page of either user.
    expect(stashKeys()).toEqual([]);
    expect(takeStash("user-a", PATH, 4, AT + 2_000)).toBeNull();
  });

  it("is not put back on another version, or after its two minutes", () => {
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    expect(takeStash("user-a", PATH, 5, AT + 1_000)).toBeNull();
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    expect(takeStash("user-a", PATH, 4, AT + STASH_MAX_AGE_MS + 1)).toBeNull();
    expect(stashKeys()).toEqual([]);
  });

  it("keeps the user's own copies of other pages, and goes entirely at logout", () => {
    const other = "/aanvrager/plannen/p1/stap/analyse";
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    putStash("user-a", other, { version: 4, values: typed, at: AT });
    expect(takeStash("user-a", PATH, 4, AT)).toEqual(typed);
    expect(stashKeys()).toHaveLength(1);
    putStash("user-a", PATH, { version: 4, values: typed, at: AT });
    clearStashes();
    expect(stashKeys()).toEqual([]);
    expect(takeStash("user-a", other, 4, AT)).toBeNull();
  });

  it("does without storage where the browser refuses it", () => {
    delete g.sessionStorage;
    expect(() => putStash("user-a", PATH, { version: 4, values: typed, at: AT })).not.toThrow();
    expect(takeStash("user-a", PATH, 4, AT)).toBeNull();
    expect(() => clearStashes()).not.toThrow();
  });
});
