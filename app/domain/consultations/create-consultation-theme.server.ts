import { getDatabase, type Database } from "../../db.server";
import { AppError } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RequestContext } from "../kernel/index";
import type { LocalizedText } from "./consultation-model";
import { themesMax } from "./theme-form";
import { uuidPattern } from "../kernel/index";

/**
 * ELSI/PPI staff add a theme to a published consultation (issue 28 item 4; ADR 062), to tag its free-text answers
 * with: a label in ja, やさしい日本語 and en, placed after the others. Under a row lock on the consultation, so two at
 * once get positions of their own and a label (in any language, ignoring case) is not given twice. At most 30.
 */
export async function createConsultationTheme(
  input: { consultationId: string; label: LocalizedText; actorUserId: string; request: RequestContext },
  db: Database = getDatabase(),
): Promise<{ id: string }> {
  if (!uuidPattern.test(input.consultationId)) throw new AppError("not_found");
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id"::text FROM "Consultation" WHERE "id" = ${input.consultationId}::uuid AND "publishedAt" IS NOT NULL FOR UPDATE`;
    if (locked.length === 0) throw new AppError("not_found");
    const themes = await tx.consultationTheme.findMany({ where: { consultationId: input.consultationId }, select: { position: true, label: true } });
    if (themes.length >= themesMax) throw new AppError("consultation_themes_full");
    const fold = (text: string) => text.normalize("NFKC").toLocaleLowerCase("en");
    const wanted = new Set(Object.values(input.label).map(fold));
    if (themes.some((theme) => Object.values(theme.label as unknown as LocalizedText).some((text) => wanted.has(fold(text))))) throw new AppError("consultation_theme_exists");
    const position = themes.reduce((last, theme) => Math.max(last, theme.position), 0) + 1;
    const theme = await tx.consultationTheme.create({
      data: { consultationId: input.consultationId, position, label: { ...input.label }, createdById: input.actorUserId, createdAt: input.request.now ?? new Date() },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      { type: "consultation.theme_created", outcome: "success", detail: { consultationId: input.consultationId, themeId: theme.id } },
      { actorUserId: input.actorUserId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent },
    );
    return theme;
  });
}
