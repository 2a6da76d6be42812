/**
 * A consultation at national scale (issue 28's bench): 50,000 live responses to one consultation of five questions
 * (one of each kind), a tenth of them with free text held for moderation, written in bulk. Measured side by side in
 * alternating rounds: the staff analysis's counting (countConsultationAnswers: every option by capacity and rank, who
 * answered what, free text by moderation state) and its CSV export, against a bare count of the same rows — the least
 * any read of them costs. Goal: the analysis and its export under 1 s of server time.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { countConsultationAnswers } from "../../app/domain/consultations/count-consultation-answers.server";
import { createConsultation } from "../../app/domain/consultations/create-consultation.server";
import { publishConsultation } from "../../app/domain/consultations/publish-consultation.server";
import { consultationDraft } from "../../tests/factories/consultation-factory";
import { withBenchDatabase } from "../bench-database";
import { line, ms, spreadOf } from "../bridge/figures";

const DATABASE = "tsunagi_bench_consultations";
const RESPONSES = Number(process.env.BENCH_CONSULTATION_RESPONSES ?? 50_000);
const ROUNDS = 10;
const GOAL_MS = 1_000;

/** The counts as the export writes them: one line per cell, RFC 4180 (no cell here needs quoting). */
function countsCsv(counts: Awaited<ReturnType<typeof countConsultationAnswers>>): string {
  const lines = ["question,capacity,option,rank,count"];
  for (const cell of counts.answers) lines.push(`${cell.questionId},${cell.capacity},${cell.option},${cell.rank ?? ""},${cell.count}`);
  return `${lines.join("\r\n")}\r\n`;
}

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
      await client.query(`ANALYZE "ConsultationResponse"; ANALYZE "ConsultationAnswerText"`);
      const texts = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "ConsultationAnswerText"`)).rows[0]!.n);
      const seedSeconds = (Date.now() - seeded) / 1000;

      const analysis: number[] = [];
      const exports: number[] = [];
      const bare: number[] = [];
      let cells = 0;
      let csvBytes = 0;
      for (let round = 0; round <= ROUNDS; round += 1) {
        let started = performance.now();
        const counts = await countConsultationAnswers(created.id);
        const counted = performance.now() - started;
        started = performance.now();
        const csv = countsCsv(counts);
        const exported = counted + (performance.now() - started);
        started = performance.now();
        await client.query(`SELECT count(*) FROM "ConsultationResponse" WHERE "consultationId" = $1 AND "withdrawnAt" IS NULL`, [created.id]);
        const bareMs = performance.now() - started;
        if (round === 0) continue; // warm-up
        analysis.push(counted);
        exports.push(exported);
        bare.push(bareMs);
        cells = counts.answers.length;
        csvBytes = csv.length;
      }
      const [a, e, b] = [spreadOf(analysis), spreadOf(exports), spreadOf(bare)];
      console.log(`\nConsultations (issue 28)\n------------------------`);
      console.log(`${RESPONSES.toLocaleString("en-US")} live responses, ${texts.toLocaleString("en-US")} free-text answers, seeded in bulk in ${seedSeconds.toFixed(1)} s; ${ROUNDS} alternating rounds after a warm-up`);
      console.log(line("analysis: countConsultationAnswers", `p50 ${ms(a.p50)}  max ${ms(a.max)}  (${cells} cells)`, { text: `< ${GOAL_MS} ms`, met: a.max < GOAL_MS }));
      console.log(line("analysis + CSV export of the counts", `p50 ${ms(e.p50)}  max ${ms(e.max)}  (${csvBytes} bytes)`, { text: `< ${GOAL_MS} ms`, met: e.max < GOAL_MS }));
      console.log(line("anchor: bare count of the same responses", `p50 ${ms(b.p50)}  max ${ms(b.max)}`));
      console.log(line("ratio analysis / bare count (p50)", `${(a.p50 / b.p50).toFixed(1)}×`));
    } finally {
      await client.end();
    }
  });
}
