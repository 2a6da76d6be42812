/**
 * The public session the authorization matrix addresses (ADR 148): one to come, published through the staff's verb,
 * with one registration made through the public verb and the secret of its manage link.
 */
import { registrationSecretOf } from "../../app/domain/briefings/briefing-links.server";
import { BriefingFieldsSchema } from "../../app/domain/briefings/index";
import { createBriefing, registerForBriefing } from "../../app/domain/briefings/index.server";
import { getDatabase } from "../../app/db.server";
import { requestFrom } from "../factories/user-factory";

const japanLocal = (hours: number) => new Date(Date.now() + (hours + 9) * 3_600_000).toISOString().slice(0, 16);

export async function briefingWorld(staffId: string): Promise<{ id: string; registrationId: string; secret: string }> {
  const input = BriefingFieldsSchema.parse({
    kind: "seminar",
    format: "in_person",
    startsAt: japanLocal(240),
    endsAt: japanLocal(242),
    capacity: "20",
    place: "大阪会場",
    titleJa: "ゲノムデータの使われ方",
    titleJaEasy: "ゲノムの データの 使われ方",
    titleEn: "How genome data is used",
    descriptionJa: "セミナーです。",
    descriptionJaEasy: "セミナーです。",
    descriptionEn: "A seminar.",
  });
  const { id } = await createBriefing({ input, actorUserId: staffId, request: requestFrom() });
  const registered = await registerForBriefing({ briefingId: id, input: { name: "行列 太郎", email: "matrix-briefing@test.tsunagi.test" }, userId: null, language: "ja", request: requestFrom() });
  if (!registered.ok) throw new Error("the matrix's registration was held back");
  const row = await getDatabase().briefingRegistration.findFirstOrThrow({ where: { briefingId: id }, select: { id: true, registeredAt: true } });
  return { id, registrationId: row.id, secret: registrationSecretOf(row) };
}
