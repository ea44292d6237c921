/** A download (letters, version PDFs, the case file): attachment, never cached by a shared cache, never sniffed into something else. */
export function fileResponse(
  bytes: Uint8Array,
  file: { filename: string; mimeType: string; sha256: string },
): Response {
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Disposition": contentDisposition(file.filename),
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${file.sha256}"`,
    },
  });
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so "beschikking-ĳ.pdf" survives. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
