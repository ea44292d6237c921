/**
 * Texts of the attachments step and lists (wizard step 6), Dutch and English. Kept apart from
 * nl.ts/en.ts so that one part of the UI can grow its texts without touching the others.
 */
export const attachmentsNl = {
  heading: "Bijlagen",
  title: "Stap 6: bijlagen",
  intro:
    "Voeg de bijlagen van uw aanvraag toe. De ondertekende samenwerkingsovereenkomst is verplicht; het mandaat van de hoofdaanvrager, de begroting met financieringsplan en overige bijlagen voegt u toe als die er zijn.",
  contentNote:
    "Het portaal herkent een bestand aan de inhoud, niet aan de naam. Van elk bestand bewaren we de SHA-256, zodat later vast te stellen is dat het niet is veranderd.",
  addHeading: "Bijlage toevoegen",
  hint: "PDF, XLSX, DOCX of ODT, hoogstens 10 MB",
  required: "verplicht",
  upload: "Uploaden",
  uploadedHeading: "Toegevoegde bijlagen",
  none: "Er zijn nog geen bijlagen toegevoegd.",
  missingRequired:
    "De ondertekende samenwerkingsovereenkomst is nog niet toegevoegd. Zonder kunt u niet indienen.",
  readOnly: "Dit plan is ingediend. De bijlagen kunnen niet meer worden gewijzigd.",
  kind: "Soort",
  file: "Bestand",
  size: "Grootte",
  sha256: "SHA-256",
  uploadedAt: "Toegevoegd op",
  action: "Actie",
  remove: "Verwijderen",
  kept: "Ingediend; blijft bewaard",
  downloadHidden: " (downloaden, {{size}})",
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export const attachmentsEn: Widen<typeof attachmentsNl> = {
  heading: "Attachments",
  title: "Step 6: attachments",
  intro:
    "Add the attachments of your application. The signed partnership agreement is required; add the lead applicant's mandate, the budget sheet with its financing plan and other annexes where you have them.",
  contentNote:
    "The portal recognises a file by its content, not by its name. We keep the SHA-256 of every file, so that it can later be shown that it has not changed.",
  addHeading: "Add an attachment",
  hint: "PDF, XLSX, DOCX or ODT, at most 10 MB",
  required: "required",
  upload: "Upload",
  uploadedHeading: "Attachments added",
  none: "No attachments have been added yet.",
  missingRequired: "The signed partnership agreement has not been added yet. You cannot submit without it.",
  readOnly: "This plan has been submitted. Its attachments can no longer be changed.",
  kind: "Kind",
  file: "File",
  size: "Size",
  sha256: "SHA-256",
  uploadedAt: "Added on",
  action: "Action",
  remove: "Remove",
  kept: "Submitted; kept",
  downloadHidden: " (download, {{size}})",
};
