import { fileTypeFromBuffer } from "file-type";
import type { AttachmentKind } from "../../generated/prisma/enums.ts";

/** 10 MiB: the limit the form states as "10 MB" (issue text, design.md §3 step 6). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** More would make a plan's case file unwieldy; nobody needs it for one application. */
export const ATTACHMENTS_PER_PLAN_MAX = 20;

/** A cleaned file name is shown and offered as download name; longer names only hurt layouts. */
export const FILENAME_MAX = 200;

/** The types the scheme accepts, by the MIME type file-type reports for their content. */
export const ATTACHMENT_TYPES = [
  { mimeType: "application/pdf", ext: "pdf", label: "PDF" },
  {
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ext: "xlsx",
    label: "XLSX",
  },
  {
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ext: "docx",
    label: "DOCX",
  },
  { mimeType: "application/vnd.oasis.opendocument.text", ext: "odt", label: "ODT" },
] as const;

export type AttachmentType = { mimeType: string; ext: string };

/** The kinds of step 6, in the order the page shows them; only the partnership agreement is required. */
export const ATTACHMENT_KINDS: readonly { kind: AttachmentKind; label: string; required: boolean }[] = [
  { kind: "PARTNERSHIP_AGREEMENT", label: "Ondertekende samenwerkingsovereenkomst", required: true },
  { kind: "MANDATE", label: "Mandaat van de hoofdaanvrager", required: false },
  { kind: "BUDGET_SHEET", label: "Begroting met financieringsplan", required: false },
  { kind: "OTHER", label: "Overige bijlage", required: false },
];

export const ATTACHMENT_KIND_VALUES = ATTACHMENT_KINDS.map((k) => k.kind) as [
  AttachmentKind,
  ...AttachmentKind[],
];

export function attachmentKindLabel(kind: string): string {
  return ATTACHMENT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

// The Dutch messages are the keys of their English renderings (app/i18n/attachment-messages.ts).
export const MSG_WRONG_TYPE =
  "Dit bestand is geen PDF, XLSX, DOCX of ODT. Het bestand wordt herkend aan de inhoud, niet aan de naam.";
export const MSG_TOO_LARGE = "Dit bestand is groter dan 10 MB.";
export const MSG_EMPTY = "Kies een bestand om te uploaden.";
export const MSG_UNREADABLE = "Het bestand kon niet worden gelezen. Probeer het opnieuw.";
export const MSG_KIND = "Kies het soort bijlage.";
export const MSG_TOO_MANY = `Een plan heeft hoogstens ${ATTACHMENTS_PER_PLAN_MAX} bijlagen. Verwijder eerst een bijlage.`;
export const MSG_SUBMITTED_FILE =
  "Deze bijlage hoort bij een ingediende versie van het plan en blijft daarom bewaard. Voeg een nieuwe bijlage toe als u haar wilt vervangen.";
export const MSG_NOT_FOUND = "Deze bijlage bestaat niet of u heeft er geen toegang toe.";

/**
 * The type of an upload, decided by its bytes alone: a text file renamed to .pdf is not a PDF.
 * Anything but PDF, XLSX, DOCX and ODT (also their macro or template variants) is null.
 */
export async function detectAttachmentType(bytes: Uint8Array): Promise<AttachmentType | null> {
  if (bytes.byteLength === 0) return null;
  const found = await fileTypeFromBuffer(bytes);
  const accepted = ATTACHMENT_TYPES.find((t) => t.mimeType === found?.mime);
  return accepted ? { mimeType: accepted.mimeType, ext: accepted.ext } : null;
}

export function extensionFor(mimeType: string): string | undefined {
  return ATTACHMENT_TYPES.find((t) => t.mimeType === mimeType)?.ext;
}

/**
 * The uploaded name as something safe to show and offer: no folders (a browser may send
 * "C:\\fakepath\\x.pdf"), no control or bidi-override characters (which can disguise an extension),
 * at most FILENAME_MAX characters with the extension kept. It is display text only; nothing is
 * decided by it.
 */
export function cleanFilename(raw: string, ext: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const name = cleaned || `bijlage.${ext}`;
  const chars = [...name];
  if (chars.length <= FILENAME_MAX) return name;
  const dot = name.lastIndexOf(".");
  const suffix = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : "";
  return chars.slice(0, FILENAME_MAX - [...suffix].length).join("") + suffix;
}

/** The download name ends in the type the content has, so the receiving computer opens it as that. */
export function downloadFilename(filename: string, ext: string): string {
  return filename.toLowerCase().endsWith(`.${ext}`) ? filename : `${filename}.${ext}`;
}
