/**
 * Texts of the plan wizard (design.md §3), Dutch and English. Kept apart from nl.ts/en.ts so that
 * the wizard's many labels stay together.
 */
export const wizardNl = {
  heading: "Sectorplan aanvragen",
  previous: "Vorige stap",
  next: "Volgende stap",
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const wizardEn: Widen<typeof wizardNl> = {
  heading: "Apply for a sector plan",
  previous: "Previous step",
  next: "Next step",
};
