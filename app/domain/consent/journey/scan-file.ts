/** A scanned paper form as uploaded: at most 10 MB, and a PDF, JPEG or PNG by its first bytes, whatever it claims. */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

export const scanTypes = ["application/pdf", "image/jpeg", "image/png"] as const;
export type ScanType = (typeof scanTypes)[number];

const signatures: { type: ScanType; bytes: number[] }[] = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The file's real type from its magic bytes, or null when it is none of the accepted ones. */
export function detectScanType(content: Uint8Array): ScanType | null {
  return signatures.find(({ bytes }) => content.length >= bytes.length && bytes.every((byte, index) => content[index] === byte))?.type ?? null;
}

const extensions: Record<ScanType, string> = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" };

/** A file name safe to store and to send back in a header: letters, digits, dot, dash, underscore; right extension. */
export function safeScanFileName(original: string, type: ScanType): string {
  const stem = original
    .normalize("NFKC")
    .replace(/\.[^.]*$/u, "")
    .replace(/[^A-Za-z0-9_-]+/gu, "-")
    .replace(/^-+|-+$/gu, "")
    .slice(0, 80);
  return `${stem || "paper-consent"}.${extensions[type]}`;
}
