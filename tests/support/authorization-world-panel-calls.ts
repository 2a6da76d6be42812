/**
 * The panel call the authorization matrix addresses (ADR 151): one open, opened through the staff's verb, with one
 * application made through the public verb and the secret of its page.
 */
import { PanelCallFieldsSchema } from "../../app/domain/panel-recruitment/index";
import { applyToPanelCall, createPanelCall } from "../../app/domain/panel-recruitment/index.server";
import { applicationSecretOf } from "../../app/domain/panel-recruitment/panel-application-links.server";
import { getDatabase } from "../../app/db.server";
import { requestFrom } from "../factories/user-factory";

const japanLocal = (hours: number) => new Date(Date.now() + (hours + 9) * 3_600_000).toISOString().slice(0, 16);

export async function panelCallWorld(staffId: string): Promise<{ id: string; applicationId: string; secret: string }> {
  const input = PanelCallFieldsSchema.parse({
    seats: "12",
    opensAt: japanLocal(-1),
    closesAt: japanLocal(24 * 30),
    titleJa: "参加者パネル委員の募集",
    titleJaEasy: "参加者パネルの 委員の 募集",
    titleEn: "Join the participant panel",
    descriptionJa: "募集です。",
    descriptionJaEasy: "募集です。",
    descriptionEn: "A call.",
  });
  const { id } = await createPanelCall({ input, actorUserId: staffId, request: requestFrom() });
  const applied = await applyToPanelCall(
    {
      callId: id,
      input: { name: "行列 花子", email: "matrix-panel@test.tsunagi.test", connection: "public", diseaseArea: "none", prefecture: "13", ageBand: "40_59", motivation: "参加したいです。" },
      userId: null,
      roles: [],
      language: "ja",
      request: requestFrom(),
    },
  );
  if (!applied.ok) throw new Error("the matrix's application was held back");
  const row = await getDatabase().panelApplication.findUniqueOrThrow({ where: { id: applied.applicationId }, select: { id: true, submittedAt: true } });
  return { id, applicationId: row.id, secret: applicationSecretOf(row) };
}
