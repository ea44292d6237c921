import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ATTACHMENT_MESSAGES_EN } from "../../i18n/attachment-messages.ts";
import { minimalDocx, minimalOdt, minimalPdf, minimalPng, minimalXlsx, textFile } from "../../test/files.ts";
import * as detect from "./detect.ts";
import { cleanFilename, detectAttachmentType, downloadFilename, FILENAME_MAX } from "./detect.ts";

describe("detectAttachmentType", () => {
  it.each([
    ["PDF", minimalPdf, "application/pdf", "pdf"],
    ["XLSX", minimalXlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
    ["DOCX", minimalDocx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
    ["ODT", minimalOdt, "application/vnd.oasis.opendocument.text", "odt"],
  ] as const)("recognises a %s by its content", async (_name, build, mimeType, ext) => {
    expect(await detectAttachmentType(await build())).toEqual({ mimeType, ext });
  });

  it("refuses text, also when it starts like nothing in particular", async () => {
    expect(await detectAttachmentType(textFile())).toBeNull();
  });

  it("refuses a PNG", async () => {
    expect(await detectAttachmentType(minimalPng())).toBeNull();
  });

  it("refuses an empty file", async () => {
    expect(await detectAttachmentType(new Uint8Array())).toBeNull();
  });

  it("refuses a plain zip, a macro-enabled Word file and an OpenDocument spreadsheet", async () => {
    const zip = zipSync({ "notes.txt": strToU8("geen kantoordocument") });
    const docm = await minimalDocx("application/vnd.ms-word.document.macroEnabled.main+xml");
    const ods = await minimalOdt("application/vnd.oasis.opendocument.spreadsheet");
    expect(await detectAttachmentType(zip)).toBeNull();
    expect(await detectAttachmentType(docm)).toBeNull();
    expect(await detectAttachmentType(ods)).toBeNull();
  });

  it("refuses a truncated PDF header", async () => {
    expect(await detectAttachmentType(strToU8("%PD"))).toBeNull();
  });
});

describe("cleanFilename", () => {
  it("keeps only the last path part", () => {
    expect(cleanFilename("C:\\fakepath\\overeenkomst.pdf", "pdf")).toBe("overeenkomst.pdf");
    expect(cleanFilename("../../etc/passwd", "pdf")).toBe("passwd");
  });

  it("drops control and bidi-override characters that could disguise the name", () => {
    expect(cleanFilename("factuur\u202Efdp.exe", "pdf")).toBe("factuurfdp.exe");
    expect(cleanFilename("a\u0000b\r\nc.pdf", "pdf")).toBe("abc.pdf");
  });

  it("names a file that has no usable name after the type of its content", () => {
    expect(cleanFilename("", "docx")).toBe("bijlage.docx");
    expect(cleanFilename("///", "odt")).toBe("bijlage.odt");
    expect(cleanFilename("...", "pdf")).toBe("bijlage.pdf");
  });

  it("caps the name at FILENAME_MAX characters and keeps the extension", () => {
    const name = cleanFilename(`${"é".repeat(500)}.xlsx`, "xlsx");
    expect([...name]).toHaveLength(FILENAME_MAX);
    expect(name.endsWith(".xlsx")).toBe(true);
  });
});

describe("downloadFilename", () => {
  it("adds the extension of the content when the name lacks it", () => {
    expect(downloadFilename("begroting.html", "pdf")).toBe("begroting.html.pdf");
    expect(downloadFilename("Begroting.PDF", "pdf")).toBe("Begroting.PDF");
  });
});

describe("English renderings", () => {
  it("exist for every message and kind label", () => {
    const messages = Object.entries(detect)
      .filter(([name]) => name.startsWith("MSG_"))
      .map(([, text]) => String(text));
    const dutch = [...messages, ...detect.ATTACHMENT_KINDS.map((k) => k.label)];
    const keys = Object.keys(ATTACHMENT_MESSAGES_EN).map((k) =>
      k.replace("{max}", String(detect.ATTACHMENTS_PER_PLAN_MAX)),
    );
    expect(messages.length).toBeGreaterThanOrEqual(7);
    expect(dutch.filter((text) => !keys.includes(text))).toEqual([]);
  });
});
