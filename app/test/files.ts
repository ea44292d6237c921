import { strToU8, type Zippable, zipSync } from "fflate";
import { PDFDocument, StandardFonts } from "pdf-lib";

/**
 * Small but real files of the types an attachment may have, for unit, integration and e2e tests.
 * Each holds what a reader (and file-type) needs to recognise it: a PDF from pdf-lib; the office
 * formats as zip packages with their identifying entries ([Content_Types].xml for OOXML, a
 * first, uncompressed `mimetype` entry for ODF).
 */

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export async function minimalPdf(text = "Samenwerkingsovereenkomst"): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 770, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  // Fixed dates keep the bytes (and so the SHA-256) the same on every run.
  doc.setCreationDate(new Date("2026-01-01T00:00:00Z"));
  doc.setModificationDate(new Date("2026-01-01T00:00:00Z"));
  return doc.save();
}

function ooxml(mainPart: string, mainContentType: string, files: Record<string, string>): Uint8Array {
  const entries: Zippable = {
    "[Content_Types].xml": strToU8(
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/${mainPart}" ContentType="${mainContentType}"/></Types>`,
    ),
    "_rels/.rels": strToU8(
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" ' +
        `Target="${mainPart}"/></Relationships>`,
    ),
  };
  for (const [name, xml] of Object.entries(files)) entries[name] = strToU8(xml);
  return zipSync(entries, { mtime: new Date("2026-01-01T00:00:00Z") });
}

export async function minimalXlsx(): Promise<Uint8Array> {
  return ooxml(
    "xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    {
      "xl/workbook.xml": `${XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Begroting" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": `${XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>250000</v></c></row></sheetData></worksheet>`,
    },
  );
}

export async function minimalDocx(
  mainContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
): Promise<Uint8Array> {
  return ooxml("word/document.xml", mainContentType, {
    "word/document.xml": `${XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Mandaat</w:t></w:r></w:p></w:body></w:document>`,
  });
}

/** An OpenDocument package; `mimeType` other than text makes, e.g., a spreadsheet (ODS). */
export async function minimalOdt(mimeType = "application/vnd.oasis.opendocument.text"): Promise<Uint8Array> {
  return zipSync(
    {
      // ODF requires this entry first and stored (not deflated): readers identify the file by it.
      mimetype: [strToU8(mimeType), { level: 0 }],
      "META-INF/manifest.xml": strToU8(
        `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimeType}"/>` +
          '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      ),
      "content.xml": strToU8(
        `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>Bijlage</text:p></office:text></office:body></office:document-content>`,
      ),
    },
    { mtime: new Date("2026-01-01T00:00:00Z") },
  );
}

/** A 1×1 PNG: a real file of a type that is not accepted. */
export function minimalPng(): Uint8Array {
  return Uint8Array.from(
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    ),
  );
}

/** Plain text, as a file renamed to .pdf would be. */
export function textFile(text = "Dit is geen PDF, alleen tekst met de naam van een PDF.\n"): Uint8Array {
  return strToU8(text);
}

/** `bytes` lengthened to exactly `size` bytes with trailing spaces (a PDF reader ignores them after %%EOF). */
export function paddedTo(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.byteLength > size)
    throw new Error(`paddedTo: ${bytes.byteLength} bytes is already more than ${size}`);
  const out = new Uint8Array(size).fill(0x20);
  out.set(bytes, 0);
  return out;
}
