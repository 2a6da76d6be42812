import { z } from "zod";

/**
 * Members the JSON intakes share (findings, ADR 032; reports, ADR 137): plain codes, HGVS expressions and a base64 PDF,
 * each refused with a message naming the member. Pure: the intakes' schemas, their OpenAPI documents and tests read them.
 */

const codePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** An identifier as a machine sends it: ASCII letters, digits, '.', '_' and '-', starting with a letter or digit. */
export function codeField(max: number, what: string) {
  return z
    .string()
    .min(1, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .regex(codePattern, `${what} may hold only ASCII letters, digits, '.', '_' and '-', starting with a letter or digit`);
}

/**
 * One HGVS expression on a versioned reference sequence: a RefSeq transcript or genomic accession (NM_, NR_, NC_, NG_),
 * an Ensembl transcript (ENST…) or an LRG, optionally the gene in brackets, then `c.`, `g.`, `m.`, `n.`, `r.` (and, where
 * `protein` is allowed, `p.`) and the change. A shape check, not a validator of the nomenclature.
 */
export function hgvsPatternFor(options: { protein: boolean }): RegExp {
  const kinds = options.protein ? "cgmnrp" : "cgmnr";
  return new RegExp(`^(?:N[MRCG]_\\d+\\.\\d+|ENST\\d+\\.\\d+|LRG_\\d+(?:t\\d+)?)(?:\\([A-Z][A-Z0-9-]*\\))?:[${kinds}]\\.(?=[^\\s]*\\d)[A-Za-z0-9_+*>()[\\];=?.-]+$`);
}

// Standard base64 only, padded; whitespace or a data: URL prefix is refused rather than guessed at.
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A PDF sent as base64, at most `maxBytes` decoded, that starts as a PDF does; decoded to its bytes. */
export function base64PdfField(maxBytes: number, what: string) {
  return z
    .string()
    .min(1, `${what} is empty`)
    .max(Math.ceil(maxBytes / 3) * 4, `${what} is larger than ${maxBytes} bytes`)
    .regex(base64Pattern, `${what} must be standard base64 (no line breaks, no data: prefix)`)
    .transform((value) => Buffer.from(value, "base64"))
    .refine((pdf) => pdf.subarray(0, 5).toString("latin1") === "%PDF-", `${what} is not a PDF (it must start with %PDF-)`);
}
