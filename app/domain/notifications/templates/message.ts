/**
 * An e-mail is written as a small structure (heading, paragraphs, lists, one action) and rendered
 * twice from it: HTML and plain text. Templates never write HTML themselves, so every value that
 * reaches the HTML — a plan title, an organisation's name — is escaped on the way, by construction.
 * Pure: no database, no clock.
 */

/** Plain text, or a run of text shown in bold (in the text part it is just text). */
export type Inline = string | { strong: string };
export type Block = { p: Inline[] } | { list: Inline[][] } | { h2: string };

export type EmailMessage = {
  subject: string;
  /** Shown in mail clients' previews before the message is opened. */
  preheader: string;
  heading: string;
  blocks: Block[];
  /** The one thing to do: an absolute link into the portal. */
  action: { label: string; href: string };
};

export type RenderedEmail = { subject: string; text: string; html: string };

export const p = (...parts: Inline[]): Block => ({ p: parts });
export const list = (...items: Inline[][]): Block => ({ list: items });
export const h2 = (text: string): Block => ({ h2: text });
export const strong = (text: string): Inline => ({ strong: text });

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Subjects are one line: a title with a newline must not become a second header line. */
export function oneLine(value: string, max = 80): string {
  const flat = value.replace(/\s+/g, " ").trim();
  // Counted and cut in whole characters: a cut between the two halves of an emoji left a "�".
  const chars = Array.from(flat);
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`
    : flat;
}

/** Escaped, with the writer's line breaks kept (a numbered list typed in a note stays a list). */
function textHtml(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map(escapeHtml)
    .join("<br>");
}

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((x) => (typeof x === "string" ? textHtml(x) : `<strong>${textHtml(x.strong)}</strong>`))
    .join("");
}

function inlineText(parts: Inline[]): string {
  return parts.map((x) => (typeof x === "string" ? x : x.strong)).join("");
}

const FOOTER =
  "Dit bericht is automatisch verstuurd door het Sectorplanportaal van het Ministerie van Sociale Zaken en " +
  "Werkgelegenheid. U kunt er niet op antwoorden. Log in op het portaal om uw gegevens en documenten te bekijken.";

/** Only http(s) links leave the template: a link is never a javascript: or data: URL. */
function safeHref(href: string): string {
  const url = new URL(href);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`Not a web link: ${href}`);
  return url.toString();
}

export function renderText(m: EmailMessage): string {
  const out: string[] = [m.heading, "=".repeat(m.heading.length), ""];
  for (const b of m.blocks) {
    if ("p" in b) out.push(inlineText(b.p), "");
    else if ("h2" in b) out.push(b.h2, "-".repeat(b.h2.length), "");
    else out.push(...b.list.map((item) => `- ${inlineText(item)}`), "");
  }
  out.push(`${m.action.label}:`, safeHref(m.action.href), "", "--", FOOTER, "");
  return out.join("\n");
}

// Inline styles and a table layout: what mail clients (Outlook among them) still render reliably.
export function renderHtml(m: EmailMessage): string {
  const body = m.blocks
    .map((b) => {
      if ("p" in b) return `<p style="margin:0 0 16px">${inlineHtml(b.p)}</p>`;
      if ("h2" in b) return `<h2 style="font-size:18px;margin:24px 0 8px">${escapeHtml(b.h2)}</h2>`;
      const items = b.list.map((item) => `<li style="margin:0 0 8px">${inlineHtml(item)}</li>`).join("");
      return `<ul style="margin:0 0 16px;padding-left:24px">${items}</ul>`;
    })
    .join("\n");
  const href = escapeHtml(safeHref(m.action.href));
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f3f3;font-family:Verdana,Arial,sans-serif;font-size:15px;line-height:1.5;color:#000">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(m.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f3f3">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#fff">
<tr><td style="background:#01689b;color:#fff;padding:16px 24px;font-weight:bold;font-size:18px">Sectorplanportaal</td></tr>
<tr><td style="padding:24px">
<h1 style="font-size:22px;margin:0 0 16px;color:#01689b">${escapeHtml(m.heading)}</h1>
${body}
<p style="margin:24px 0"><a href="${href}" style="display:inline-block;background:#01689b;color:#fff;padding:10px 20px;text-decoration:none;font-weight:bold">${escapeHtml(m.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">Werkt de knop niet? Kopieer dan deze link in uw browser: <a href="${href}" style="color:#01689b">${escapeHtml(safeHref(m.action.href))}</a></p>
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #ddd;font-size:12px;color:#555">${escapeHtml(FOOTER)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export function renderEmail(m: EmailMessage): RenderedEmail {
  return { subject: oneLine(m.subject, 200), text: renderText(m), html: renderHtml(m) };
}
