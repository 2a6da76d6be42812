/**
 * A consultation at national scale (issue 28's bench): 50,000 live responses to one consultation of five questions
 * (one of each kind), a tenth of them with free text held for moderation, written in bulk. Measured side by side in
 * alternating rounds: the staff analysis's counting (countConsultationAnswers: every option by capacity and rank, who
 * answered what, free text by moderation state, themes, each with its cell key), the analysis page's loader
 * (loadConsultationAnalysis: the newest release of the figures, ADR 115 — read after the close, so its first read
 * makes the closing release, counted through disclosure control and stored, and is reported on its own) and its CSV
 * and JSON exports, against a bare count of the same rows — the least any read of them costs. Goal: the page and each
 * export under 1 s of server time, the closing release's making included.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { consultationAnalysisCsv, consultationAnalysisJson } from "../../app/domain/consultations/consultation-analysis-downloads";
import { countConsultationAnswers } from "../../app/domain/consultations/count-consultation-answers.server";
import { createConsultationTheme } from "../../app/domain/consultations/create-consultation-theme.server";
import { loadConsultationAnalysis } from "../../app/domain/consultations/load-consultation-analysis.server";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { publishConsultation } from "../../app/domain/consultations/publish-consultation.server";
import { consultationDraft } from "../../tests/factories/consultation-factory";
import { withBenchDatabase } from "../bench-database";
import { line, ms, spreadOf } from "../bridge/figures";
import { sized, sizedFromEnv } from "../smoke";

const DATABASE = "tsunagi_bench_consultations";
const RESPONSES = sizedFromEnv("BENCH_CONSULTATION_RESPONSES", 50_000, 500);
const ROUNDS = sized(10, 1);
const GOAL_MS = 1_000;

export async function runConsultationBenchmarks(adminUrl: string): Promise<void> {
  await withBenchDatabase(adminUrl, DATABASE, async ({ databaseUrl }) => {
    const actorUserId = randomUUID();
    const request = { ipAddress: "127.0.0.1", userAgent: "bench" };
    const created = await createConsultation({ draft: consultationDraft({ audiences: ["public", "participants", "families", "panel"] }), actorUserId, request });
    await publishConsultation({ consultationId: created.id, expectedVersion: created.version, actorUserId, request: { ...request, now: new Date(Date.now() - 2 * 86_400_000) } });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows: questions } = await client.query<{ id: string; kind: string }>(`SELECT id::text, kind::text FROM "ConsultationQuestion" WHERE "consultationId" = $1 ORDER BY position`, [created.id]);
      const [single, multiple, scale, ranked, free] = questions.map((question) => question.id);
      const seeded = Date.now();
      await client.query(
        `INSERT INTO "ConsultationResponse" (id, "consultationId", "responderKey", "userId", capacity, answers, "receiptCode", "submittedAt", "updatedAt")
         SELECT gen_random_uuid(), $1::uuid, 'bench-' || i, NULL,
                (ARRAY['public','participants','families','panel'])[1 + i % 4]::"ConsultationAudience",
                jsonb_build_object(
                  $2::text, (ARRAY['yes','no'])[1 + i % 2],
                  $3::text, (ARRAY['["privacy"]','["privacy","audit"]','["benefit","audit"]','["audit"]'])[1 + i % 4]::jsonb,
                  $4::text, 1 + i % 5,
                  $5::text, (ARRAY['["a","b","c"]','["b","a"]','["c"]'])[1 + i % 3]::jsonb),
                'B' || lpad(i::text, 9, '0'), now(), now()
           FROM generate_series(1, $6::int) AS i`,
        [created.id, single, multiple, scale, ranked, RESPONSES],
      );
      await client.query(
        `INSERT INTO "ConsultationAnswerText" ("responseId", "questionId", text, "redactedText", flags, moderation)
         SELECT r.id, $2::uuid, 'とても大事な取り組みだと思います。' || r."receiptCode", 'とても大事な取り組みだと思います。' || r."receiptCode", '{}',
                (ARRAY['pending','approved','hidden'])[1 + abs(hashtext(r.id::text)) % 3]::"ConsultationModeration"
           FROM "ConsultationResponse" r WHERE r."consultationId" = $1::uuid AND abs(hashtext(r."responderKey")) % 10 = 0`,
        [created.id, free],
      );
      // Five themes, given to the free-text answers (about two each).
      const themes: string[] = [];
      for (const name of ["費用", "信頼", "説明", "企業", "返却"]) {
        themes.push((await createConsultationTheme({ consultationId: created.id, label: { ja: name, "ja-easy": name, en: `Theme ${name}` }, actorUserId, request })).id);
      }
      await client.query(
        `INSERT INTO "ConsultationAnswerTheme" ("responseId", "questionId", "themeId", "taggedById", "taggedAt")
         SELECT t."responseId", t."questionId", th.id, $2::uuid, now() FROM "ConsultationAnswerText" t
           JOIN unnest($1::uuid[]) WITH ORDINALITY AS th(id, n) ON (abs(hashtext(t."responseId"::text)) + th.n) % 5 < 2`,
        [themes, actorUserId],
      );
      await client.query(`ANALYZE "ConsultationResponse"; ANALYZE "ConsultationAnswerText"; ANALYZE "ConsultationAnswerTheme"`);
      const texts = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "ConsultationAnswerText"`)).rows[0]!.n);
      const seedSeconds = (Date.now() - seeded) / 1000;

      const counting: number[] = [];
      const page: number[] = [];
      const csvExport: number[] = [];
      const jsonExport: number[] = [];
      const bare: number[] = [];
      let cells = 0;
      let csvBytes = 0;
      let jsonBytes = 0;
      const time = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
        const started = performance.now();
        const value = await run();
        return [value, performance.now() - started];
      };
      // Read as after the close: the figures are its closing release (ADR 115), made by the first read.
      const afterClose = new Date(Date.now() + 15 * 86_400_000);
      let closingReleaseMs = 0;
      for (let round = 0; round <= ROUNDS; round += 1) {
        const [counts, countedMs] = await time(() => countConsultationAnswers(created.id));
        const [, pageMs] = await time(() => loadConsultationAnalysis({ consultationId: created.id, now: afterClose }));
        if (round === 0) closingReleaseMs = pageMs;
        const [csv, csvMs] = await time(async () => consultationAnalysisCsv(await loadConsultationAnalysis({ consultationId: created.id, now: afterClose })));
        const [json, jsonMs] = await time(async () => JSON.stringify(consultationAnalysisJson(await loadConsultationAnalysis({ consultationId: created.id, now: afterClose })), null, 2));
        const [, bareMs] = await time(() => client.query(`SELECT count(*) FROM "ConsultationResponse" WHERE "consultationId" = $1 AND "withdrawnAt" IS NULL`, [created.id]));
        if (round === 0) continue; // warm-up
        counting.push(countedMs);
        page.push(pageMs);
        csvExport.push(csvMs);
        jsonExport.push(jsonMs);
        bare.push(bareMs);
        cells = counts.answers.length + counts.themes.length;
        csvBytes = csv.length;
        jsonBytes = json.length;
      }
      const [c, p, e, j, b] = [spreadOf(counting), spreadOf(page), spreadOf(csvExport), spreadOf(jsonExport), spreadOf(bare)];
      console.log(`\nConsultations (issue 28)\n------------------------`);
      console.log(`${RESPONSES.toLocaleString("en-US")} live responses, ${texts.toLocaleString("en-US")} free-text answers, 5 themes, seeded in bulk in ${seedSeconds.toFixed(1)} s; ${ROUNDS} alternating rounds after a warm-up`);
      console.log(line("counting with cell keys", `p50 ${ms(c.p50)}  max ${ms(c.max)}  (${cells} cells)`));
      console.log(line("closing release made (first read: counted, protected, stored)", ms(closingReleaseMs), { text: `< ${GOAL_MS} ms`, met: closingReleaseMs < GOAL_MS }));
      console.log(line("analysis page's loader (the stored release)", `p50 ${ms(p.p50)}  max ${ms(p.max)}`, { text: `< ${GOAL_MS} ms`, met: p.max < GOAL_MS }));
      console.log(line("CSV export", `p50 ${ms(e.p50)}  max ${ms(e.max)}  (${csvBytes} bytes)`, { text: `< ${GOAL_MS} ms`, met: e.max < GOAL_MS }));
      console.log(line("JSON export", `p50 ${ms(j.p50)}  max ${ms(j.max)}  (${jsonBytes} bytes)`, { text: `< ${GOAL_MS} ms`, met: j.max < GOAL_MS }));
      console.log(line("anchor: bare count of the same responses", `p50 ${ms(b.p50)}  max ${ms(b.max)}`));
      console.log(line("ratio page / bare count (p50)", `${(p.p50 / b.p50).toFixed(1)}×`));
    } finally {
      await client.end();
    }
  });
}
