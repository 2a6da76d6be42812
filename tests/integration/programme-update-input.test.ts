// Bad input on the programme updates' forms (issue 14; ADR 038), as a browser posts it, in ja, ja-easy and en: empty,
// oversized, a choice not offered, hostile Unicode, script or an unsafe link in the Markdown, a publish time in the
// past, publishing with a language missing — each answered with a translated sentence on the field, nothing written.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { translator } from "../../app/i18n/i18n";
import { supportedLanguages } from "../../app/i18n/languages";
import { action as publishAction } from "../../app/routes/staff/staff.updates.$id._index";
import { action as newAction } from "../../app/routes/staff/staff.updates.new";
import { action as digestAction } from "../../app/routes/public/updates._index";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { cookieFor, formPost, loadContext, settle } from "../support/route-requests";

useTestDatabase();

const good = {
  audiences: ["participants", "families"],
  programmeArea: "cancer",
  titleJa: "解析の進み具合",
  titleJaEasy: "しらべる ことの すすみ ぐあい",
  titleEn: "How the analysis is going",
  bodyJa: "解析が進みました。",
  bodyJaEasy: "しらべる ことが すすみました。",
  bodyEn: "The analysis has moved on.",
};

async function writtenBy(staffId: string) {
  const db = getDatabase();
  return [await db.programmeUpdate.count({ where: { createdById: staffId } }), await db.auditEvent.count({ where: { actorUserId: staffId, type: { startsWith: "programme_update." } } })];
}

describe("[ELSI staff] the update form says what is wrong, and writes nothing", () => {
  for (const language of supportedLanguages) {
    it(`in ${language}`, async () => {
      const t = translator(language, "errors");
      const staff = await createUser({ role: "elsi_staff", withTotp: true });
      const cookie = await cookieFor(staff, language);
      const cases: [Record<string, string | string[]>, string, string][] = [
        [{ audiences: [] }, "audiences", t("field.chooseAtLeast", { min: 1 })],
        [{ audiences: ["everyone"] }, "audiences[0]", t("field.choose")],
        [{ programmeArea: "oncology" }, "programmeArea", t("field.choose")],
        [{ titleEn: "a".repeat(121) }, "titleEn", t("field.tooLongText", { max: 120, length: 121 })],
        [{ bodyJa: "あ".repeat(10_001) }, "bodyJa", t("field.tooLongText", { max: 10_000, length: 10_001 })],
        [{ titleJa: "解析\u202Eの進み具合" }, "titleJa", t("field.directionControl", { codePoint: "U+202E" })],
        [{ bodyJaEasy: "すすみました\u0000" }, "bodyJaEasy", t("field.controlCharacter", { codePoint: "U+0000" })],
        [{ bodyEn: "Hello <script>alert(1)</script>" }, "bodyEn", t("field.markdownHtml")],
        [{ bodyEn: "[Read more](javascript:alert(1))" }, "bodyEn", t("field.markdownLink")],
        [{ bodyJa: "![図](https://example.com/x.png)" }, "bodyJa", t("field.markdownImage")],
        [{ readingCorrections: "日本=nihon" }, "readingCorrections[0].reading", t("field.kanaCharacter", { character: "n", codePoint: "U+006E" })],
      ];
      for (const [change, field, message] of cases) {
        const response = await settle(() => newAction({ request: formPost("/staff/updates/new", { ...good, ...change }, cookie), context: loadContext, params: {} }));
        expect(response.status, field).toBe(400);
        const body = (await response.json()) as { result: { error: Record<string, string[]> } };
        expect(body.result.error[field]?.join(" "), `${field} in ${language}`).toContain(message);
      }
      expect(await writtenBy(staff.id)).toEqual([0, 0]);

      // A draft with English missing: publishing is refused with the translated reason, and it stays a draft.
      const { id } = await createProgrammeUpdate({ update: { ...good, audiences: ["participants"], programmeArea: "cancer", titleEn: undefined } as never, actorUserId: staff.id });
      // The box that states the reach must be ticked (issue 29 item 6); unticked or forged, nothing is published.
      for (const confirm of [undefined, "ｙｅｓ", "yes\u202E"]) {
        const unconfirmed = await settle(() =>
          publishAction({ request: formPost(`/staff/updates/${id}`, { intent: "publish", when: "now", ...(confirm === undefined ? {} : { confirm }) }, cookie), context: loadContext, params: { id } }),
        );
        expect(unconfirmed.status).toBe(400);
        expect(((await unconfirmed.json()) as { result: { error: Record<string, string[]> } }).result.error.confirm?.join(" ")).toContain(confirm === undefined ? t("field.confirm") : t("field.choose"));
      }
      const publish = await settle(() => publishAction({ request: formPost(`/staff/updates/${id}`, { intent: "publish", when: "now", confirm: "yes" }, cookie), context: loadContext, params: { id } }));
      expect(publish.status).toBe(409);
      expect(JSON.stringify(await publish.json())).toContain(JSON.stringify(t("update_language_missing")).slice(1, -1));
      const past = await settle(() => publishAction({ request: formPost(`/staff/updates/${id}`, { intent: "publish", when: "scheduled", publishAt: "2020-01-01T09:00", confirm: "yes" }, cookie), context: loadContext, params: { id } }));
      expect(past.status).toBe(400);
      expect(((await past.json()) as { result: { error: Record<string, string[]> } }).result.error.publishAt?.join(" ")).toContain(t("field.publishAtRange"));
      const notADate = await settle(() => publishAction({ request: formPost(`/staff/updates/${id}`, { intent: "publish", when: "scheduled", publishAt: "2026-02-30T09:00", confirm: "yes" }, cookie), context: loadContext, params: { id } }));
      expect(notADate.status).toBe(400);
      expect(await getDatabase().programmeUpdate.findUniqueOrThrow({ where: { id } })).toMatchObject({ publishAt: null, publishedVersion: null });
    });
  }
});

describe("[participant] the digest switch refuses anything but on or off", () => {
  it("with a translated error and nothing written", async () => {
    const participant = await createParticipant();
    const cookie = await cookieFor(participant.user!, "en");
    for (const digest of ["", "maybe", "ON\u202E"]) {
      const response = await settle(() => digestAction({ request: formPost("/updates", { digest }, cookie), context: loadContext, params: {} }));
      expect(response.status).toBe(400);
    }
    expect(await getDatabase().updateDigestSubscription.count({ where: { userId: participant.user!.id } })).toBe(0);
  });
});
