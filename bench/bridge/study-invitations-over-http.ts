/**
 * Benchmark 5 (issue 57 item 4; ADR 138): POST /v1/study-invitations with 100,000 pseudonyms over HTTP against the
 * bridge child holding the 100,000-subject projection — each pseudonym through the invitation rule, the research
 * messages already claimed read from the app's export for those consent allows (real rows: a Participant and its
 * ConsentState for every subject, and earlier campaign messages for 1 in 10, four of them for 1 in 50, so the frequency
 * cap has people to stop), the question and the invitable pseudonyms stored, the counts signed. Wall time per question,
 * median of the measured runs, beside the release of the same 100,000 measured just before on the same bridge.
 */
import pg from "pg";
import { line, ms, spreadOf } from "./figures";
import { deliverBenchApproval } from "./release-over-http";
import { pseudonymOf, typicalChoices } from "./synthetic-projection";
import { sized } from "../smoke";

const WARM_UP_RUNS = sized(1, 0);
const MEASURED_RUNS = sized(5, 1);
const GOAL_MS = 1_000;

/**
 * The app's side of the subjects the bridge holds: one facility, a Participant and a ConsentState per pseudonym, and
 * earlier campaign messages (their claims kept on ConsentState by the app's own triggers) — what
 * app_export.research_contact reads. Set-based SQL; a few seconds for 100,000.
 */
export async function seedContactHistory(databaseUrl: string, count: number): Promise<{ contacted: number; capped: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const facility = await client.query<{ id: string }>(`INSERT INTO "Facility" (id, code, "nameJa", "nameEn") VALUES (gen_random_uuid(), 'BENCH-INV', 'ベンチ病院', 'Bench Hospital') RETURNING id`);
    const facilityId = facility.rows[0]!.id;
    await client.query(
      `INSERT INTO "Participant" (id, pseudonym, "facilityId") SELECT gen_random_uuid(), 'TGP-P' || lpad(i::text, 6, '0'), $2::uuid FROM generate_series(0, $1::int - 1) AS i`,
      [count, facilityId],
    );
    await client.query(
      `INSERT INTO "ConsentState" ("participantId", status, choices, "permittedPurposes", "consentedBy", "lastEventId", version, "updatedAt")
       SELECT p.id, 'active', $1::jsonb, ARRAY['DUO:0000006', 'DUO:0000007'], 'self', gen_random_uuid(), 1, now() FROM "Participant" p WHERE p."facilityId" = $2::uuid`,
      [JSON.stringify(typicalChoices()), facilityId],
    );
    const campaign = await client.query<{ id: string }>(
      `INSERT INTO "RecontactCampaign" (id, kind, title, "messageJa", "messageJaEasy", "messageEn", "facilityIds", state, "createdById")
       VALUES (gen_random_uuid(), 'survey', 'bench', 'ベンチ', 'べんち', 'bench', '{}', 'sent', gen_random_uuid()) RETURNING id`,
    );
    const campaignId = campaign.rows[0]!.id;
    // 1 in 10 had one earlier message; 1 in 50 four (as_needed's cap): those are capped. Each claim in its own campaign.
    const contacted = await client.query(
      `INSERT INTO "RecontactDelivery" (id, "campaignId", "participantId", channel, "claimedAt")
       SELECT gen_random_uuid(), $1::uuid, p.id, 'email', now() - interval '30 days' FROM "Participant" p
        WHERE p."facilityId" = $2::uuid AND substring(p.pseudonym FROM '[0-9]+$')::int % 10 = 3`,
      [campaignId, facilityId],
    );
    let capped = 0;
    for (let round = 0; round < 4; round++) {
      const more = await client.query<{ id: string }>(
        `INSERT INTO "RecontactCampaign" (id, kind, title, "messageJa", "messageJaEasy", "messageEn", "facilityIds", state, "createdById")
         VALUES (gen_random_uuid(), 'survey', 'bench', 'ベンチ', 'べんち', 'bench', '{}', 'sent', gen_random_uuid()) RETURNING id`,
      );
      const added = await client.query(
        `INSERT INTO "RecontactDelivery" (id, "campaignId", "participantId", channel, "claimedAt")
         SELECT gen_random_uuid(), $1::uuid, p.id, 'email', now() - make_interval(days => 20 + $3::int) FROM "Participant" p
          WHERE p."facilityId" = $2::uuid AND substring(p.pseudonym FROM '[0-9]+$')::int % 50 = 11`,
        [more.rows[0]!.id, facilityId, round],
      );
      capped = added.rowCount ?? 0;
    }
    await client.query("COMMIT");
    await client.query(`ANALYZE "Participant", "ConsentState", "RecontactDelivery"`);
    return { contacted: contacted.rowCount ?? 0, capped };
  } finally {
    await client.end();
  }
}

interface InvitationAnswer {
  requestId: string;
  askedCount: number;
  invitableCount: number;
  excludedCounts: Record<string, number>;
}

export async function benchmarkStudyInvitationsOverHttp(options: {
  bridgeUrl: string;
  gateToken: string;
  ingestToken: string;
  databaseUrl: string;
  subjects: number;
  releaseMedianMs?: number;
  print: (text: string) => void;
}): Promise<void> {
  const { bridgeUrl, gateToken, ingestToken, databaseUrl, subjects, print } = options;
  const seeded = performance.now();
  const history = await seedContactHistory(databaseUrl, subjects);
  const seededMs = performance.now() - seeded;
  const approvalId = await deliverBenchApproval({ bridgeUrl, ingestToken, seq: "2", reference: "DA-BENCH-0002", institution: "Benchmark University", recipientType: "academia", datasets: [] });
  const body = JSON.stringify({
    approval: approvalId,
    study: { registry: "jRCT", id: "jRCT2031249999" },
    criterion: { gene: "EGFR", origin: "somatic" },
    pseudonyms: Array.from({ length: subjects }, (_, index) => pseudonymOf(index)),
  });
  const times: number[] = [];
  let answer: InvitationAnswer | undefined;
  for (let run = 0; run < WARM_UP_RUNS + MEASURED_RUNS; run++) {
    const started = performance.now();
    const response = await fetch(`${bridgeUrl}/v1/study-invitations`, { method: "POST", headers: { Authorization: `Bearer ${gateToken}`, "Content-Type": "application/json" }, body });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`POST /v1/study-invitations answered ${response.status}: ${text.slice(0, 300)}`);
    answer = JSON.parse(text) as InvitationAnswer;
    if (run >= WARM_UP_RUNS) times.push(elapsed);
  }
  const spread = spreadOf(times);
  print(`5. Study invitations: POST /v1/study-invitations, ${subjects.toLocaleString("en-US")} pseudonyms for one study, counted by consent and contact history, stored, signed; the same bridge child`);
  print(line(`   median of ${MEASURED_RUNS} (after ${WARM_UP_RUNS} warm-up)`, `${ms(spread.p50, 0)}  (fastest ${ms(Math.min(...times), 0)}, slowest ${ms(spread.max, 0)})`, { text: `< ${GOAL_MS} ms`, met: spread.p50 < GOAL_MS }));
  if (options.releaseMedianMs !== undefined) print(line("   ratio to the release of the same 100,000 (4.)", (spread.p50 / options.releaseMedianMs).toFixed(2)));
  const excluded = Object.entries(answer!.excludedCounts).map(([reason, count]) => `${reason} ${count.toLocaleString("en-US")}`).join(", ");
  print(`   (${answer!.invitableCount.toLocaleString("en-US")} invitable; excluded: ${excluded}; request ${(body.length / 1e6).toFixed(1)} MB; contact history: ${history.contacted.toLocaleString("en-US")} contacted once, ${history.capped.toLocaleString("en-US")} four times, seeded in ${ms(seededMs, 0)})\n`);
}
