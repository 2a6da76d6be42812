/**
 * A recontact cohort written in bulk with generate_series (seconds for 100,000), for the at-scale test and the
 * recontact benchmark: the same population, so the test's counts and the benchmark's times are of one thing.
 */
import pg from "pg";

/**
 * Participant i (0-based), by i % 10: 0 declined research, 1 withdrew (no contact), 2 consented by a proxy, 3 email
 * preference with no address, 4 once_only and contacted before, 5–9 included (5 by post).
 */
export async function seedRecontactCohort(databaseUrl: string, cohort: { size: number; facilityId: string; earlierCampaignId: string }): Promise<void> {
  const { size, facilityId, earlierCampaignId } = cohort;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "Participant" (id, pseudonym, "facilityId", "programmeArea", "createdAt")
       SELECT gen_random_uuid(), 'TGP-R' || lpad(i::text, 6, '0'), $2::uuid, 'cancer', now() FROM generate_series(0, $1::int - 1) AS i`,
      [size, facilityId],
    );
    await client.query(
      `INSERT INTO "ParticipantIdentity" ("participantId", "fullName", "dateOfBirth", email, "updatedAt")
       SELECT p.id, '山田 花子', date '1950-01-01' + (i % 15000), CASE WHEN i % 10 = 3 THEN NULL ELSE 'r' || i || '@bench.tsunagi.test' END, now()
         FROM generate_series(0, $1::int - 1) AS i JOIN "Participant" p ON p.pseudonym = 'TGP-R' || lpad(i::text, 6, '0')`,
      [size],
    );
    await client.query(
      `INSERT INTO "ConsentState" ("participantId", status, choices, "permittedPurposes", "withdrawalLevel", "consentedBy", "lastEventId", version, "updatedAt")
       SELECT p.id,
              (CASE WHEN i % 10 = 1 THEN 'withdrawn' ELSE 'active' END)::"ConsentStatus",
              jsonb_build_object('core.wgs', 'yes',
                                 'recontact.research', CASE WHEN i % 10 = 0 THEN 'no' ELSE 'yes' END,
                                 'recontact.findings_update', 'yes',
                                 'recontact.channel', CASE WHEN i % 10 = 5 THEN 'post' ELSE 'email' END,
                                 'recontact.frequency', CASE WHEN i % 10 = 4 THEN 'once_only' ELSE 'as_needed' END),
              ARRAY['DUO:0000006'],
              (CASE WHEN i % 10 = 1 THEN 'no_contact' END)::"WithdrawalLevel",
              CASE WHEN i % 10 = 2 THEN 'proxy' ELSE 'self' END,
              gen_random_uuid(), 1, now()
         FROM generate_series(0, $1::int - 1) AS i JOIN "Participant" p ON p.pseudonym = 'TGP-R' || lpad(i::text, 6, '0')`,
      [size],
    );
    await client.query(
      `INSERT INTO "RecontactDelivery" (id, "campaignId", "participantId", channel, "claimedAt")
       SELECT gen_random_uuid(), $2::uuid, p.id, 'email', now() - interval '3 years'
         FROM generate_series(0, $1::int - 1) AS i JOIN "Participant" p ON p.pseudonym = 'TGP-R' || lpad(i::text, 6, '0')
        WHERE i % 10 = 4`,
      [size, earlierCampaignId],
    );
    await client.query("COMMIT");
    await client.query(`ANALYZE "Participant", "ParticipantIdentity", "ConsentState", "RecontactDelivery"`);
  } finally {
    await client.end();
  }
}
