// Programme updates (issue 14 items 2 and 4; ADR 038) on real PostgreSQL: who sees what (participants by area,
// family members through live access only, the public), publishing refused while a language is missing, a
// published version frozen (by the app and by the trigger), corrections keeping the earlier text, and scheduled
// updates appearing when their time comes.
import { describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { createProgrammeUpdate } from "../../app/domain/updates/create-programme-update.server";
import { editProgrammeUpdateDraft } from "../../app/domain/updates/edit-programme-update-draft.server";
import { listPublicUpdates } from "../../app/domain/updates/list-public-updates.server";
import { listReaderUpdates } from "../../app/domain/updates/list-reader-updates.server";
import type { ProgrammeUpdateDraftInput } from "../../app/domain/updates/programme-update-schema";
import { publishProgrammeUpdate } from "../../app/domain/updates/publish-programme-update.server";
import { readProgrammeUpdate } from "../../app/domain/updates/read-programme-update.server";
import { readerAudienceOf } from "../../app/domain/updates/reader-audience.server";
import { startUpdateCorrection } from "../../app/domain/updates/start-update-correction.server";
import { visibleUpdatesWhere } from "../../app/domain/updates/visible-updates-sql.server";
import { publicAudience, updateVisibleTo, type ProgrammeArea, type ReaderAudience, type UpdateAudience } from "../../app/domain/updates/update-audiences";
import { createParticipant } from "../factories/participant-factory";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";
import { createFamilyAccess } from "../factories/family-factory";

useTestDatabase();

const text = (title: string): ProgrammeUpdateDraftInput => ({
  audiences: ["public"],
  titleJa: `${title}（日本語）`,
  titleJaEasy: `${title}（やさしい）`,
  titleEn: `${title} (English)`,
  bodyJa: "解析が**進みました**。",
  bodyJaEasy: "しらべる ことが すすみました。",
  bodyEn: "The analysis has **moved on**.",
});

async function staffMember() {
  return createUser({ role: "elsi_staff" });
}

async function published(title: string, audience: { audiences: UpdateAudience[]; programmeArea?: ProgrammeArea }, options: { publishAt?: Date | null; now?: Date } = {}) {
  const staff = await staffMember();
  const { id } = await createProgrammeUpdate({ update: { ...text(title), ...audience }, actorUserId: staff.id });
  await publishProgrammeUpdate({ updateId: id, publishAt: options.publishAt ?? null, actorUserId: staff.id, now: options.now });
  return id;
}

async function participantIn(area: ProgrammeArea | null) {
  const participant = await createParticipant();
  await getDatabase().participant.update({ where: { id: participant.id }, data: { programmeArea: area } });
  return participant;
}

/** A family access (live unless ended or paused) from `familyUserId` to `participantId`, invited by the participant. */
async function follow(participantId: string, familyUserId: string, state: { ended?: boolean; paused?: boolean } = {}) {
  const participant = await getDatabase().participant.findUniqueOrThrow({ where: { id: participantId } });
  await createFamilyAccess({ participantId, invitedById: participant.userId!, familyUser: { id: familyUserId, email: "" }, fullName: "家族 花子", state: state.ended ? "ended" : state.paused ? "paused" : "live" });
}

async function titlesFor(audience: ReaderAudience, userId: string | null = null): Promise<string[]> {
  const page = await listReaderUpdates({ audience, userId, language: "en", page: 1 });
  // The page's own way for a signed-in reader (the audience read inside the list's statement) lists the same.
  if (userId) expect(await listReaderUpdates({ audience: "of-account", userId, language: "en", page: 1 })).toEqual(page);
  return page.items.map((item) => item.title);
}

describe("[reader] who sees which update", () => {
  it("participants see their own area's and every area's; family members only what their live access reaches; the public only public ones", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    await published(`${tag} public`, { audiences: ["public"] });
    await published(`${tag} participants`, { audiences: ["participants"] });
    await published(`${tag} participants cancer`, { audiences: ["participants"], programmeArea: "cancer" });
    await published(`${tag} participants rare`, { audiences: ["participants"], programmeArea: "rare_disease" });
    await published(`${tag} families`, { audiences: ["families"] });
    await published(`${tag} families rare`, { audiences: ["families"], programmeArea: "rare_disease" });
    const mine = (titles: string[]) => titles.filter((title) => title.startsWith(tag)).map((title) => title.slice(tag.length + 1).replace(" (English)", "")).sort();

    const cancer = await participantIn("cancer");
    const rare = await participantIn("rare_disease");
    const unknownArea = await participantIn(null);
    expect(mine(await titlesFor(await readerAudienceOf(cancer.user!.id), cancer.user!.id))).toEqual(["participants", "participants cancer", "public"]);
    expect(mine(await titlesFor(await readerAudienceOf(rare.user!.id), rare.user!.id))).toEqual(["participants", "participants rare", "public"]);
    // An area never recorded: only the updates for every area, rather than guess.
    expect(mine(await titlesFor(await readerAudienceOf(unknownArea.user!.id), unknownArea.user!.id))).toEqual(["participants", "public"]);

    const family = await createUser({ role: "family" });
    await follow(cancer.id, family.id);
    expect(mine(await titlesFor(await readerAudienceOf(family.id), family.id))).toEqual(["families", "public"]);
    // Following a rare-disease participant too, but through an access that is paused (the transfer at majority) or ended: nothing more.
    await follow(rare.id, family.id, { paused: true });
    expect(mine(await titlesFor(await readerAudienceOf(family.id), family.id))).toEqual(["families", "public"]);
    const family2 = await createUser({ role: "family" });
    await follow(rare.id, family2.id, { ended: true });
    expect(mine(await titlesFor(await readerAudienceOf(family2.id), family2.id))).toEqual(["public"]);
    const family3 = await createUser({ role: "family" });
    await follow(rare.id, family3.id);
    expect(mine(await titlesFor(await readerAudienceOf(family3.id), family3.id))).toEqual(["families", "families rare", "public"]);

    // A proxy reads as the participant they represent.
    const child = await createParticipant({ withAccount: false, withProxy: true });
    await getDatabase().participant.update({ where: { id: child.id }, data: { programmeArea: "rare_disease" } });
    expect(mine(await titlesFor(await readerAudienceOf(child.proxy!.id), child.proxy!.id))).toEqual(["participants", "participants rare", "public"]);

    expect(mine(await titlesFor(publicAudience))).toEqual(["public"]);
    expect(mine((await listPublicUpdates({ language: "en" })).map((entry) => entry.title))).toEqual(["public"]);

    // One update of another audience is "not found" on its own page, like an id that does not exist.
    const rareOnly = await published(`${tag} rare page`, { audiences: ["participants"], programmeArea: "rare_disease" });
    await expect(readProgrammeUpdate({ updateId: rareOnly, audience: await readerAudienceOf(cancer.user!.id), userId: cancer.user!.id, language: "ja" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("the list's SQL and the pure rule agree on every audience, area and reader", async () => {
    const areas: (ProgrammeArea | null)[] = [null, "cancer", "rare_disease"];
    const audienceSets: UpdateAudience[][] = [["public"], ["participants"], ["families"], ["participants", "families"], ["participants", "public"]];
    const ids = new Map<string, { audiences: UpdateAudience[]; programmeArea: ProgrammeArea | null }>();
    const tag = Math.random().toString(36).slice(2, 8);
    let n = 0;
    for (const audiences of audienceSets) {
      for (const programmeArea of areas) {
        const title = `${tag} ${n++}`;
        await published(title, { audiences, ...(programmeArea ? { programmeArea } : {}) });
        ids.set(title, { audiences, programmeArea });
      }
    }
    const readerAreas: ReadonlySet<ProgrammeArea | null>[] = [new Set(), new Set([null]), new Set(["cancer"]), new Set(["rare_disease", null]), new Set(["cancer", "rare_disease"])];
    for (const participantAreas of readerAreas) {
      for (const familyAreas of readerAreas) {
        const reader: ReaderAudience = { participantAreas, familyAreas };
        const listed = (await listReaderUpdates({ audience: reader, userId: null, language: "en", page: 1 })).items.map((item) => item.title.replace(" (English)", "")).filter((title) => title.startsWith(tag));
        const expected = [...ids].filter(([, update]) => updateVisibleTo(reader, update)).map(([title]) => title);
        expect(listed.sort()).toEqual(expected.sort());
        // The same rule bound for Prisma's tagged templates (the digest, the feed) selects the same updates.
        const viaPrisma = await getDatabase().$queryRaw<{ title: string }[]>`
          SELECT v."titleEn" AS "title" FROM "ProgrammeUpdate" u JOIN "ProgrammeUpdateVersion" v ON v."updateId" = u."id" AND v."number" = u."publishedVersion"
           WHERE ${visibleUpdatesWhere(reader, new Date())}`;
        expect(viaPrisma.map((row) => row.title.replace(" (English)", "")).filter((title) => title.startsWith(tag)).sort()).toEqual(expected.sort());
      }
    }
  });
});

describe("[ELSI staff] publishing and correcting", () => {
  it("refuses to publish while a language is missing, and writes nothing", async () => {
    const staff = await staffMember();
    const { id } = await createProgrammeUpdate({ update: { ...text("missing"), titleEn: undefined, bodyJaEasy: undefined }, actorUserId: staff.id });
    await expect(publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id })).rejects.toMatchObject({ code: "update_language_missing" });
    const stored = await getDatabase().programmeUpdate.findUniqueOrThrow({ where: { id }, include: { versions: true } });
    expect(stored).toMatchObject({ publishAt: null, publishedVersion: null });
    expect(stored.versions[0]!.publishedAt).toBeNull();
    expect(await getDatabase().auditEvent.count({ where: { type: "programme_update.published", actorUserId: staff.id } })).toBe(0);
  });

  it("freezes a published version: the app refuses to edit it, the trigger refuses any write; a correction keeps the earlier text", async () => {
    const staff = await staffMember();
    const reader = await participantIn("cancer");
    const id = await published("frozen", { audiences: ["participants"] });
    await expect(editProgrammeUpdateDraft({ updateId: id, draft: text("changed"), actorUserId: staff.id })).rejects.toMatchObject({ code: "update_not_editable" });
    await expect(getDatabase().programmeUpdateVersion.updateMany({ where: { updateId: id }, data: { titleEn: "rewritten" } })).rejects.toThrow(/published and cannot be changed/);
    await expect(getDatabase().$executeRaw`DELETE FROM "ProgrammeUpdateVersion" WHERE "updateId" = ${id}::uuid`).rejects.toThrow();

    const started = await startUpdateCorrection({ updateId: id, actorUserId: staff.id });
    expect(started).toEqual({ version: 2, started: true });
    // Pressing "correct" again returns the same draft.
    expect(await startUpdateCorrection({ updateId: id, actorUserId: staff.id })).toEqual({ version: 2, started: false });
    await editProgrammeUpdateDraft({ updateId: id, draft: { ...text("fixed"), changeNoteJa: "日付を直しました。", changeNoteJaEasy: "日にちを なおしました。" }, actorUserId: staff.id });
    await expect(publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id })).rejects.toMatchObject({ code: "update_change_note_missing" });
    await editProgrammeUpdateDraft({ updateId: id, draft: { ...text("fixed"), changeNoteJa: "日付を直しました。", changeNoteJaEasy: "日にちを なおしました。", changeNoteEn: "The date was corrected." }, actorUserId: staff.id });
    // Until the correction is published, readers see version 1.
    const audience = await readerAudienceOf(reader.user!.id);
    expect((await readProgrammeUpdate({ updateId: id, audience, userId: reader.user!.id, language: "en" })).current.title).toBe("frozen (English)");
    await publishProgrammeUpdate({ updateId: id, publishAt: null, actorUserId: staff.id });
    const read = await readProgrammeUpdate({ updateId: id, audience, userId: reader.user!.id, language: "en" });
    expect(read.current).toMatchObject({ number: 2, title: "fixed (English)", changeNote: "The date was corrected." });
    expect(read.earlier.map((version) => [version.number, version.title])).toEqual([[1, "frozen (English)"]]);
    expect(await getDatabase().auditEvent.count({ where: { type: "programme_update.published", actorUserId: staff.id } })).toBe(1);
  });

  it("shows a scheduled update when its time comes, not before; and marks what a reader has opened", async () => {
    const staff = await staffMember();
    const reader = await participantIn("rare_disease");
    const now = new Date();
    const at = new Date(now.getTime() + 3_600_000);
    const { id } = await createProgrammeUpdate({ update: { ...text("scheduled"), audiences: ["participants"] }, actorUserId: staff.id });
    await publishProgrammeUpdate({ updateId: id, publishAt: at, actorUserId: staff.id, now });
    const audience = await readerAudienceOf(reader.user!.id);
    const listAt = async (when: Date) => (await listReaderUpdates({ audience, userId: reader.user!.id, language: "ja", page: 1, now: when })).items.filter((item) => item.id === id);
    expect(await listAt(now)).toEqual([]);
    await expect(readProgrammeUpdate({ updateId: id, audience, userId: reader.user!.id, language: "ja", now })).rejects.toMatchObject({ code: "not_found" });
    expect(await listAt(new Date(at.getTime() - 1))).toEqual([]);
    expect(await listAt(at)).toMatchObject([{ id, unread: true }]);
    await readProgrammeUpdate({ updateId: id, audience, userId: reader.user!.id, language: "ja", now: at });
    await readProgrammeUpdate({ updateId: id, audience, userId: reader.user!.id, language: "ja", now: at });
    expect(await listAt(at)).toMatchObject([{ id, unread: false }]);
    expect(await getDatabase().updateRead.count({ where: { updateId: id } })).toBe(1);
  });

  it("refuses HTML, pictures and unsafe links in the Markdown, and writes nothing", async () => {
    const staff = await staffMember();
    const hostile = ["<script>alert(1)</script>", "本文<img src=x onerror=alert(1)>", "![x](https://example.com/x.png)", "[click](javascript:alert(1))", "[x](//evil.example/)", "<iframe src=\"https://evil.example\"></iframe>"];
    for (const bodyEn of hostile) {
      await expect(createProgrammeUpdate({ update: { ...text("hostile"), bodyEn }, actorUserId: staff.id }), bodyEn).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect(await getDatabase().programmeUpdate.count({ where: { createdById: staff.id } })).toBe(0);
    // Markup inside code is text, and shown as such.
    await createProgrammeUpdate({ update: { ...text("code"), bodyEn: "Type `<b>` to see it." }, actorUserId: staff.id });
    expect(await getDatabase().programmeUpdate.count({ where: { createdById: staff.id } })).toBe(1);
  });
});
