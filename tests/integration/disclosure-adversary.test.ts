// Issue 27 item 6: the published statistics against an adversary who reads every public view of them — the dashboard's
// HTML, every figure's CSV and JSON — in successive snapshots (two refreshes in one month with participants added
// between them, and the next month's), knows the method (ADR 044: suppression below 10, complementary suppression,
// cell-key perturbation of ±5 never below 10) but not the secret keys, and knows how the figures fit together: rows and
// columns add up, a complete month's count is the same in every snapshot, everyone in force answers every sharing
// question, and the people in force at a month's end are those in force a month before plus that month's enrolments
// minus its withdrawals. For every protected count it bounds the true value with integer programming (HiGHS) and fails
// when a count under 10 is pinned to fewer than five values, or a perturbed count to one.
import { randomUUID } from "node:crypto";
import highsLoader from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "../../app/db.server";
import { addMonths, sharingChoiceIds, tokyoMonthOf, tokyoMonthStart } from "../../app/domain/transparency/snapshot/compute-snapshot.server";
import { refreshTransparencySnapshot } from "../../app/domain/transparency/snapshot/refresh-transparency-snapshot.server";
import { figureIds } from "../../app/domain/transparency/snapshot/snapshot-figures";
import { createFacility, defaultTestFacility } from "../factories/facility-factory";
import { useAppServer } from "../support/app-server";
import { DisclosureModel as Model, type Published } from "../support/disclosure-adversary-model";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
// A fixed secret, so the run is the same every time: the keys, and with them every perturbation, follow from it.
const app = useAppServer({ APP_SECRET: "disclosure-adversary-fixed-secret-0123456789abcdef" });

const COHORT = 2424;
/**
 * Now, or, in a Tokyo month's last two hours, two hours before its end: the refresh an hour later must fall in the same
 * month as the first snapshot (this failed in the clean run at 23:59 JST on 30 November, the refresh falling in December).
 */
const now = ((real: Date) => new Date(Math.min(real.getTime(), tokyoMonthStart(addMonths(tokyoMonthOf(real), 1)).getTime() - 2 * 3_600_000)))(new Date());
const current = tokyoMonthOf(now);
/** The four complete months before this one, oldest first. */
const months = [addMonths(current, -4), addMonths(current, -3), addMonths(current, -2), addMonths(current, -1)];
const cohorts = ["cancer", "rare_disease"] as const;
/** Enrolments per month and cohort, some of them small on purpose (a rare-disease arm starting slowly). */
const enrolPlan: Record<string, [number, number]> = { [months[0]!]: [500, 4], [months[1]!]: [700, 9], [months[2]!]: [600, 23], [months[3]!]: [588, 0] };

interface Person {
  id: string;
  cohort: (typeof cohorts)[number];
  enrolledAt: Date;
  withdrawnAt: Date | null;
  choices: Record<string, string>;
  /** How consent felt (ADR 150), for those who answered the survey: where they signed, when they answered, the four scores. */
  survey?: { facility: "main" | "small"; answeredAt: Date; scores: [number, number, number, number] };
}
const people: Person[] = [];
const surveyStatements = ["understood", "enoughTime", "freeToDecline", "clear"] as const;
const bandOfScore = (score: number) => (score >= 4 ? "agree" : score === 3 ? "neither" : "disagree");
/** The facilities' codes, once made: the main one everybody signed at, and a small one a handful of surveyed people did. */
const facilityCodes = { main: "", small: "" };

/** A deterministic stream of numbers, so the cohort is the same in every run. */
let seed = 20261125;
const random = () => ((seed = Math.imul(seed ^ (seed >>> 15), 2246822507) + 0x6d2b79f5) >>> 0) / 4_294_967_296;
const dayIn = (month: string, day: number) => new Date(tokyoMonthStart(month).getTime() + (day - 1) * 86_400_000 + 3_600_000);

function answers(): Record<string, string> {
  const choices: Record<string, string> = { "core.wgs": "yes" };
  for (const id of sharingChoiceIds) choices[id] = random() < (id === "share.industry" ? 0.55 : 0.9) ? "yes" : "no";
  choices["findings.secondary.hereditary_cancer"] = (["want", "not_want", "undecided"] as const)[Math.floor(random() * 3)]!;
  choices["findings.secondary.other_actionable"] = (["want", "not_want", "undecided"] as const)[Math.floor(random() * 3)]!;
  return choices;
}

let globalSeq = 0;
/** Participants and their ledger events written as the ledger holds them (hashes unique; the snapshot reads no chain). */
async function seedPeople(batch: Person[]): Promise<void> {
  const db = getDatabase();
  const facility = await defaultTestFacility();
  await db.$executeRaw`
    INSERT INTO "Participant" ("id", "pseudonym", "facilityId", "programmeArea")
    SELECT unnest(${batch.map((person) => person.id)}::uuid[]), unnest(${batch.map((person) => `TGP-${person.id.slice(0, 8)}`)}::text[]), ${facility.id}::uuid,
           unnest(${batch.map((person) => person.cohort)}::text[])::"ProgrammeArea"`;
  const events: { participantId: string; participantSeq: number; type: string; at: Date; choices: string; level: string | null }[] = [];
  for (const person of batch) {
    events.push({ participantId: person.id, participantSeq: 1, type: "granted", at: person.enrolledAt, choices: JSON.stringify(person.choices), level: null });
    if (person.withdrawnAt) events.push({ participantId: person.id, participantSeq: 2, type: "withdrawn", at: person.withdrawnAt, choices: JSON.stringify(person.choices), level: "no_further_use" });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const seqs = events.map(() => ++globalSeq);
  const unique = events.map(() => randomUUID().replace(/-/g, ""));
  await db.$executeRaw`
    INSERT INTO "ConsentEvent" ("id", "globalSeq", "participantId", "participantSeq", "type", "occurredAt", "actorRole", "method", "choices", "withdrawalLevel",
                                "prevHash", "hash", "globalPrevHash", "chainHash", "verificationCode")
    SELECT gen_random_uuid(), s, p, n, t::"ConsentEventType", a, 'participant', 'online', c::jsonb, l::"WithdrawalLevel",
           repeat('0', 64), 'h' || u, repeat('0', 64), 'c' || u, 'V' || upper(substr(u, 1, 12))
      FROM unnest(${seqs}::bigint[], ${events.map((event) => event.participantId)}::uuid[], ${events.map((event) => event.participantSeq)}::int[],
                  ${events.map((event) => event.type)}::text[], ${events.map((event) => event.at)}::timestamptz[], ${events.map((event) => event.choices)}::text[],
                  ${events.map((event) => event.level)}::text[], ${unique}::text[]) AS e(s, p, n, t, a, c, l, u)`;
}

/**
 * Surveys for a third of the people, two weeks and a day after they signed (if that is already past); one in forty at a
 * small second facility, so its columns are small counts beside the main one's — the differencing a facility invites.
 */
async function seedSurveys(batch: Person[]): Promise<void> {
  const db = getDatabase();
  const main = await defaultTestFacility();
  facilityCodes.main = main.code;
  const rows: { id: string; facilityId: string; invitedAt: Date; answeredAt: Date; scores: number[] }[] = [];
  for (const person of batch) {
    if (random() >= 0.33) continue;
    const answeredAt = new Date(person.enrolledAt.getTime() + 15 * 86_400_000);
    if (answeredAt >= now) continue;
    const facility = random() < 0.025 ? "small" : "main";
    const score = () => (random() < 0.7 ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 3));
    person.survey = { facility, answeredAt, scores: [score(), score(), score(), score()] };
    rows.push({ id: person.id, facilityId: facility === "small" ? smallFacilityId : main.id, invitedAt: new Date(answeredAt.getTime() - 86_400_000), answeredAt, scores: person.survey.scores });
  }
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "ConsentSurvey" ("id", "participantId", "facilityId", "language", "invitedAt", "answeredAt", "understood", "enoughTime", "freeToDecline", "clear")
    SELECT gen_random_uuid(), p, f, 'ja', i, a, s[1], s[2], s[3], s[4]
      FROM unnest(${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.facilityId)}::uuid[], ${rows.map((row) => row.invitedAt)}::timestamptz[],
                  ${rows.map((row) => row.answeredAt)}::timestamptz[], ${rows.map((row) => `{${row.scores.join(",")}}`)}::text[]) AS x(p, f, i, a, t),
           LATERAL (SELECT t::int[] AS s) scores`;
}
let smallFacilityId = "";

/** The panel (ADR 151): a dozen members seated over the months, by what they told us — small counts on every side. */
const members: { seatedAt: Date; area: "cancer" | "rare_disease" | "none"; prefecture: string; ageBand: string }[] = [];
async function seedPanel(): Promise<void> {
  const db = getDatabase();
  const call = await db.panelCall.create({ data: { title: { ja: "募集" }, description: { ja: "募集" }, seats: 30, opensAt: dayIn(months[0]!, 1), closesAt: dayIn(months[0]!, 20), createdById: randomUUID(), createdAt: dayIn(months[0]!, 1) } });
  for (let index = 0; index < 13; index++) {
    const seatedAt = dayIn(index < 9 ? months[1]! : months[3]!, 5 + index);
    const member = { seatedAt, area: (["cancer", "cancer", "rare_disease", "none"] as const)[index % 4]!, prefecture: ["13", "27", "01", "40"][index % 3]!, ageBand: ["18_39", "40_59", "60_74", "75_plus"][index % 4]! };
    members.push(member);
    await db.panelApplication.create({
      data: {
        callId: call.id, name: `委員${index}`, email: `adversary-member-${index}@test.tsunagi.test`, language: "ja", connection: "public", verified: false,
        diseaseArea: member.area, prefecture: member.prefecture, ageBand: member.ageBand, motivation: "参加", tokenHash: new Uint8Array(Buffer.from(randomUUID())),
        state: "selected", submittedAt: dayIn(months[0]!, 2), decidedAt: seatedAt, reason: "理由", seatedAt,
      },
    });
  }
}
const regionOfCode = (code: string) => ({ "13": "kanto", "27": "kinki", "01": "hokkaido", "40": "kyushu_okinawa" })[code]!;

// ─── Reading every published view ────────────────────────────────────────────────────────────────────────────────

interface PublishedFigure {
  figure: string;
  columnDimension: string;
  disclosure: "protected" | "public";
  rows: string[];
  columns: string[];
  cells: Published[][];
  rowTotals: Published[] | null;
  columnTotals: Published[] | null;
  total: Published | null;
}

async function readViews(snapshotId: string, latest: boolean): Promise<Map<string, PublishedFigure>> {
  const figures = new Map<string, PublishedFigure>();
  for (const id of figureIds) {
    const json = (await (await fetch(`${app.origin}/transparency/figures/${id}.json?snapshot=${snapshotId}`)).json()) as PublishedFigure & { disclosureControl: { method: string } };
    const csv = await (await fetch(`${app.origin}/transparency/figures/${id}.csv?snapshot=${snapshotId}`)).text();
    // The CSV publishes the same numbers as the JSON, and no other.
    const csvNumbers = new Set(csv.split(/\r?\n/).slice(1).flatMap((line) => line.split(",").slice(1, 1 + json.columns.length + 1)).filter((cell) => /^\d+$/.test(cell)).map(Number));
    const jsonNumbers = new Set([...json.cells.flat(), ...(json.rowTotals ?? []), ...(json.columnTotals ?? []), json.total].filter((value): value is number => typeof value === "number"));
    for (const value of csvNumbers) expect(jsonNumbers.has(value), `${id}.csv shows ${value}, which the JSON does not`).toBe(true);
    figures.set(id, { ...json, disclosure: json.disclosureControl.method.startsWith("none") ? "public" : "protected" });
  }
  if (latest) {
    // The dashboard's tables print the same published numbers, nothing the downloads do not.
    const html = await (await fetch(`${app.origin}/transparency?lang=en`)).text();
    const tables = [...html.matchAll(/<table class="figure-table">([\s\S]*?)<\/table>/g)].map((match) => match[1]!);
    expect(tables.length).toBe(figureIds.length - [...figures.values()].filter((figure) => figure.columns.length === 0).length);
    const shown = tables.flatMap((table) => [...table.matchAll(/<td class="numeric"[^>]*>([\d,]+)<\/td>/g)].map((match) => Number(match[1]!.replace(/,/g, ""))));
    expect(shown.length).toBeGreaterThan(20);
    const all = new Set([...figures.values()].flatMap((figure) => [...figure.cells.flat(), ...(figure.rowTotals ?? []), ...(figure.columnTotals ?? []), figure.total]).filter((value) => typeof value === "number"));
    for (const value of shown) expect(all.has(value), `the page shows ${value}, which no download does`).toBe(true);
  }
  return figures;
}

/** Adds one snapshot's figures to the model: what each count was published as, and how the counts add up. */
function addSnapshot(model: Model, figures: Map<string, PublishedFigure>, snapshot: string, truth: (figure: string, row: string, column: string) => number) {
  for (const figure of figures.values()) {
    if (figure.disclosure === "public" || figure.rows.length === 0 || figure.columns.length === 0) continue;
    // A complete month's count is the same in every snapshot: one unknown for it, whichever snapshot published it.
    const stock = figure.columnDimension !== "month";
    const key = (row: string, column: string) => `${figure.figure}|${row}|${column}|${stock ? snapshot : "all"}`;
    const cellTruth = (row: string, column: string) => truth(figure.figure, row, column);
    figure.rows.forEach((row, r) => figure.columns.forEach((column, c) => model.observe(key(row, column), figure.cells[r]![c]!, `${figure.figure} ${row} × ${column} (${snapshot})`, cellTruth(row, column))));
    const sumKey = (kind: string, what: string) => `${figure.figure}|${kind}|${what}|${snapshot}`;
    figure.rowTotals?.forEach((published, r) => {
      const row = figure.rows[r]!;
      model.observe(sumKey("row", row), published, `${figure.figure} ${row} total (${snapshot})`, figure.columns.reduce((sum, column) => sum + cellTruth(row, column), 0));
      model.relate([...figure.columns.map((column): [string, number] => [key(row, column), 1]), [sumKey("row", row), -1]]);
    });
    figure.columnTotals?.forEach((published, c) => {
      const column = figure.columns[c]!;
      model.observe(sumKey("column", column), published, `${figure.figure} ${column} total (${snapshot})`, figure.rows.reduce((sum, row) => sum + cellTruth(row, column), 0));
      model.relate([...figure.rows.map((row): [string, number] => [key(row, column), 1]), [sumKey("column", column), -1]]);
    });
    if (figure.total !== null) {
      const grand = figure.rows.reduce((sum, row) => sum + figure.columns.reduce((inner, column) => inner + cellTruth(row, column), 0), 0);
      model.observe(sumKey("total", ""), figure.total, `${figure.figure} total (${snapshot})`, grand);
      model.relate([...figure.rows.flatMap((row) => figure.columns.map((column): [string, number] => [key(row, column), 1])), [sumKey("total", ""), -1]]);
    }
  }
}

// ─── The run ─────────────────────────────────────────────────────────────────────────────────────────────────────

let snapshots: { id: string; figures: Map<string, PublishedFigure>; inForce: Person[]; throughMonth: string }[] = [];
const inForceAt = (end: Date, group = people) => group.filter((person) => person.enrolledAt < end && !(person.withdrawnAt && person.withdrawnAt < end));

beforeAll(async () => {
  for (const [month, [cancer, rare]] of Object.entries(enrolPlan)) {
    for (const [cohort, count] of [["cancer", cancer], ["rare_disease", rare]] as const) {
      for (let index = 0; index < count; index++) people.push({ id: randomUUID(), cohort, enrolledAt: dayIn(month, 1 + Math.floor(random() * 27)), withdrawnAt: null, choices: answers() });
    }
  }
  // A few withdraw each month after they enrolled (fewer than ten: small counts to protect).
  for (const [index, month] of months.entries()) {
    const earlier = people.filter((person) => person.enrolledAt < tokyoMonthStart(month) && !person.withdrawnAt);
    for (let taken = 0; taken < [0, 7, 3, 8][index]!; taken++) earlier[Math.floor(random() * earlier.length)]!.withdrawnAt = dayIn(month, 28);
  }
  expect(people.length).toBe(COHORT);
  for (let from = 0; from < people.length; from += 800) await seedPeople(people.slice(from, from + 800));
  const small = await createFacility();
  smallFacilityId = small.id;
  facilityCodes.small = small.code;
  await seedSurveys(people);
  await seedPanel();

  // Snapshot 1, a refresh an hour later with three more people enrolled and one withdrawn between them, and the
  // snapshot a month on (the three, and the month they joined in, now complete).
  const first = await refreshTransparencySnapshot({ reason: "schedule", now });
  const joiners = Array.from({ length: 3 }, (): Person => ({ id: randomUUID(), cohort: "rare_disease", enrolledAt: new Date(now.getTime() - 60_000), withdrawnAt: null, choices: answers() }));
  people.push(...joiners);
  await seedPeople(joiners);
  const leaving = people.find((person) => !person.withdrawnAt && person.enrolledAt < tokyoMonthStart(months[1]!))!;
  leaving.withdrawnAt = new Date(now.getTime() - 30_000);
  await getDatabase().$executeRaw`
    INSERT INTO "ConsentEvent" ("id", "globalSeq", "participantId", "participantSeq", "type", "occurredAt", "actorRole", "method", "choices", "withdrawalLevel", "prevHash", "hash", "globalPrevHash", "chainHash", "verificationCode")
    VALUES (gen_random_uuid(), ${++globalSeq}, ${leaving.id}::uuid, 2, 'withdrawn', ${leaving.withdrawnAt}, 'participant', 'online', ${JSON.stringify(leaving.choices)}::jsonb, 'no_further_use', repeat('0', 64), ${`h${randomUUID()}`}, repeat('0', 64), ${`c${randomUUID()}`}, ${`V${randomUUID().slice(0, 12)}`})`;
  const refresh = await refreshTransparencySnapshot({ reason: "schedule", now: new Date(now.getTime() + 3_600_000) });
  const nextMonth = await refreshTransparencySnapshot({ reason: "schedule", now: new Date(tokyoMonthStart(addMonths(current, 1)).getTime() + 86_400_000) });
  snapshots = [
    { id: first.id, figures: await readViews(first.id, false), inForce: inForceAt(tokyoMonthStart(current)), throughMonth: months[3]! },
    { id: refresh.id, figures: await readViews(refresh.id, false), inForce: inForceAt(tokyoMonthStart(current)), throughMonth: months[3]! },
    { id: nextMonth.id, figures: await readViews(nextMonth.id, true), inForce: inForceAt(tokyoMonthStart(addMonths(current, 1))), throughMonth: current },
  ];
}, 300_000);

describe("the published statistics against a differencing adversary", () => {
  it("a refresh in the same month publishes the same figures to the digit, though people joined and left in between", () => {
    expect(JSON.stringify([...snapshots[1]!.figures.values()].map(({ figure, rows, columns, cells, rowTotals, columnTotals, total }) => ({ figure, rows, columns, cells, rowTotals, columnTotals, total })))).toBe(
      JSON.stringify([...snapshots[0]!.figures.values()].map(({ figure, rows, columns, cells, rowTotals, columnTotals, total }) => ({ figure, rows, columns, cells, rowTotals, columnTotals, total }))),
    );
  });

  it("how consent felt is published per facility and statement, the small facility's answers as small counts", () => {
    const experience = snapshots[2]!.figures.get("consent-experience")!;
    expect(experience.columns).toEqual([facilityCodes.main, facilityCodes.small].sort().flatMap((code) => surveyStatements.map((statement) => `${code}:${statement}`)));
    expect(experience.total).toBeNull();
    const smallColumn = experience.columns.indexOf(`${facilityCodes.small}:understood`);
    expect(experience.cells.map((cells) => cells[smallColumn])).toContain("<10");
    const mainColumn = experience.columns.indexOf(`${facilityCodes.main}:understood`);
    expect(typeof experience.cells[0]![mainColumn]).toBe("number");
  });

  it("no published total is a fixed multiple of a protected count: the sharing questions publish a total each and none across them", () => {
    for (const { figures } of snapshots) {
      const choices = figures.get("consent-choices")!;
      expect(choices.total).toBeNull();
      expect(choices.rowTotals).toBeNull();
      // Everyone in force answered every question: one number for all of them, not six independent looks at it.
      expect(new Set(choices.columnTotals!).size).toBe(1);
    }
  });

  it("bounded by integer programming over every view of both months, no count under 10 has fewer than five possible values and no perturbed count is pinned", async () => {
    const highs = await highsLoader();
    const model = new Model();
    const [, , later] = snapshots;
    for (const snapshot of [snapshots[0]!, later!]) {
      const end = tokyoMonthStart(addMonths(snapshot.throughMonth, 1));
      const truth = (figure: string, row: string, column: string): number => {
        if (figure === "enrolments") return people.filter((person) => person.cohort === row && tokyoMonthOf(person.enrolledAt) === column && person.enrolledAt < end).length;
        if (figure === "withdrawals") return row === "no_further_use" ? people.filter((person) => person.withdrawnAt && tokyoMonthOf(person.withdrawnAt) === column && person.withdrawnAt < end).length : 0;
        if (figure === "consent-choices" || figure === "findings-preferences") return snapshot.inForce.filter((person) => person.choices[column] === row).length;
        // Nobody here has said yes to a study: every case in force is "not registered", by the arm they joined.
        if (figure === "study-registration") return row === "not_registered" ? snapshot.inForce.filter((person) => person.cohort === column).length : 0;
        if (figure.startsWith("panel-makeup-")) {
          if (column === "panel") {
            const seated = members.filter((member) => member.seatedAt < end);
            if (figure === "panel-makeup-area") return seated.filter((member) => (member.area === "none" ? "other" : member.area) === row).length;
            if (figure === "panel-makeup-region") return seated.filter((member) => regionOfCode(member.prefecture) === row).length;
            return seated.filter((member) => member.ageBand === row).length;
          }
          // The cohort: the test facility has no prefecture and the people no recorded birth date.
          if (figure === "panel-makeup-area") return snapshot.inForce.filter((person) => person.cohort === row).length;
          return row === "not_recorded" ? snapshot.inForce.length : 0;
        }
        if (figure === "consent-experience") {
          const [code, statement] = column.split(":");
          const facility = code === facilityCodes.small ? "small" : "main";
          const index = surveyStatements.indexOf(statement as (typeof surveyStatements)[number]);
          return people.filter((person) => person.survey && person.survey.facility === facility && person.survey.answeredAt < end && bandOfScore(person.survey.scores[index]!) === row).length;
        }
        return 0;
      };
      addSnapshot(model, snapshot.figures, snapshot.id, truth);
      // Everyone in force answered every sharing question alike: every question's total is the same unknown count.
      const questions = snapshot.figures.get("consent-choices")!;
      for (const column of questions.columns.slice(1)) model.relate([[`consent-choices|column|${questions.columns[0]}|${snapshot.id}`, 1], [`consent-choices|column|${column}|${snapshot.id}`, -1]]);
      // The cases counted for study registration are the same people, split by arm: their columns add up to that count.
      const registration = snapshot.figures.get("study-registration")!;
      model.relate([
        ...registration.columns.map((column): [string, number] => [`study-registration|column|${column}|${snapshot.id}`, 1]),
        [`consent-choices|column|${questions.columns[0]}|${snapshot.id}`, -1],
      ]);
    }
    // How consent felt: everyone surveyed at a facility answered all four statements (one count of answers per facility),
    // and answers only accumulate — every count of the later month is at least the earlier's.
    for (const snapshot of [snapshots[0]!, later!]) {
      for (const code of [facilityCodes.main, facilityCodes.small]) {
        for (const statement of surveyStatements.slice(1)) model.relate([[`consent-experience|column|${code}:understood|${snapshot.id}`, 1], [`consent-experience|column|${code}:${statement}|${snapshot.id}`, -1]]);
      }
    }
    // The panel and the cohort in the make-up: one panel total and one cohort total per snapshot in all three figures,
    // the cohort's the consent choices' own; the panel only grows here (nobody left).
    for (const snapshot of [snapshots[0]!, later!]) {
      const choices = `consent-choices|column|${snapshot.figures.get("consent-choices")!.columns[0]}|${snapshot.id}`;
      for (const figure of ["panel-makeup-area", "panel-makeup-region", "panel-makeup-age"]) {
        model.relate([[`${figure}|column|cohort|${snapshot.id}`, 1], [choices, -1]]);
        if (figure !== "panel-makeup-area") model.relate([[`${figure}|column|panel|${snapshot.id}`, 1], [`panel-makeup-area|column|panel|${snapshot.id}`, -1]]);
      }
    }
    const experience = later!.figures.get("consent-experience")!;
    for (const row of experience.rows) {
      for (const column of experience.columns) model.relate([[`consent-experience|${row}|${column}|${later!.id}`, 1], [`consent-experience|${row}|${column}|${snapshots[0]!.id}`, -1]], ">=");
    }

    // Those in force at the later month's end: those of the earlier plus the month's enrolments, less its withdrawals.
    const earlier = snapshots[0]!;
    const first = earlier.figures.get("consent-choices")!.columns[0]!;
    model.relate([
      [`consent-choices|column|${first}|${later!.id}`, 1],
      [`consent-choices|column|${first}|${earlier.id}`, -1],
      ...cohorts.map((cohort): [string, number] => [`enrolments|${cohort}|${current}|all`, -1]),
      ...["no_contact", "no_further_use", "destroy"].map((level): [string, number] => [`withdrawals|${level}|${current}|all`, 1]),
    ]);

    const { pinned, small, perturbed } = model.findings(highs);
    expect(small).toBeGreaterThan(10);
    expect(perturbed).toBeGreaterThan(30);
    expect(pinned).toEqual([]);
  }, 300_000);
});
