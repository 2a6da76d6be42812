/**
 * A file answered as a download, never shown in the app's origin and never cached: consent copies, paper scans and
 * letters all hold personal data, and an uploaded file is never trusted to be what it claims (nosniff).
 */
export function fileDownload(content: Uint8Array, file: { name: string; contentType: string }): Response {
  return new Response(new Uint8Array(content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
