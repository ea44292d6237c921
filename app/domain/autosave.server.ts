import { isDeepStrictEqual } from "node:util";

/**
 * The "equal data" rule that the autosaves of the step forms share (the plan wizard's saveStep, the
 * realisatieverslag's saveReportStep). A page reloaded before its beacon landed puts the unsaved
 * keystrokes back and saves them at once with the version it loaded (ui/wizard/step-form.tsx),
 * while the beacon carries the same keystrokes: whichever lands second is sent at a version that is
 * no longer current. Such an autosave is answered as saved, with the current version, when storing
 * it would change nothing: the step was saved before, and what it would store is what is stored.
 * Nothing is overwritten, so nothing can be lost. Any difference, a step never saved (an empty form
 * is no save of it), or a version the draft never had stays a conflict; buttons keep the strict
 * check (callers apply this to autosaves only).
 */
export function storesNothingNew(save: {
  /** The version the page sent. */
  expectedVersion: number;
  /** The version stored now. */
  storedVersion: number;
  /** Whether the step has been saved before. */
  saved: boolean;
  /** The draft as stored, and as this save would store it; compared regardless of key order (jsonb keeps none). */
  stored: unknown;
  next: unknown;
}): boolean {
  return save.expectedVersion < save.storedVersion && save.saved && isDeepStrictEqual(save.next, save.stored);
}
