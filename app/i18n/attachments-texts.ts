/**
 * Texts of the attachments step and lists (wizard step 6), Dutch and English. Kept apart from
 * nl.ts/en.ts so that one part of the UI can grow its texts without touching the others.
 */
export const attachmentsNl = {
  heading: "Bijlagen",
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const attachmentsEn: Widen<typeof attachmentsNl> = {
  heading: "Attachments",
};
