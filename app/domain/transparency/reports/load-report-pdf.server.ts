import { getDatabase, type Database } from "../../../db.server";
import type { SupportedLanguage } from "../../../i18n/languages";
import { AppError } from "../../kernel/index";
import { isReportSlug } from "./report-content";

/**
 * A published version's PDF in one language, as stored at publication (ADR 048): the same bytes for every reader,
 * forever. Not published, unknown or malformed → `not_found`.
 */
export async function loadReportPdf(
  options: { slug: string; version: number; language: SupportedLanguage },
  db: Database = getDatabase(),
): Promise<{ pdf: Uint8Array<ArrayBuffer>; sha256: string; fileName: string }> {
  if (!isReportSlug(options.slug) || !Number.isInteger(options.version) || options.version < 1) throw new AppError("not_found");
  const found = await db.transparencyReportPdf.findFirst({
    where: { language: options.language, version: { version: options.version, status: "published", report: { slug: options.slug } } },
    select: { pdf: true, sha256: true },
  });
  if (!found) throw new AppError("not_found");
  return { pdf: new Uint8Array(found.pdf), sha256: found.sha256, fileName: `tsunagi-${options.slug}-v${options.version}-${options.language}.pdf` };
}
