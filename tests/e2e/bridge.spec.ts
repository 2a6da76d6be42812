import { compactVerify, createRemoteJWKSet } from "jose";
import { getDatabase } from "../../app/db.server";
import { signInAs } from "./support/accounts";
import { readDemoFile } from "./support/e2e-env";
import { expect, test } from "./fixtures";
import { consentedParticipant } from "./dashboard-fixtures";

// The participant is created in a tsx child process (real signature, PDF and mail), like the withdrawal spec.
test.describe.configure({ timeout: 120_000 });

interface Decision {
  subject: string;
  action: string;
  allowed: boolean;
  reason: string;
  eventId: string | null;
}

/**
 * Asks the running bridge (started by scripts/start.ts beside the app) about every sample at once, as a pipeline
 * client with the demo's bridgeToken, and returns the decisions only after their signature verified.
 */
function bridgeClient() {
  const demo = readDemoFile();
  if (!demo.bridgeToken) throw new Error("demo.json has no bridgeToken");
  const jwks = createRemoteJWKSet(new URL("/.well-known/jwks.json", demo.bridgeUrl));
  return async (samples: string[]): Promise<Decision[]> => {
    const response = await fetch(new URL("/v1/decisions", demo.bridgeUrl), {
      method: "POST",
      headers: { Authorization: `Bearer ${demo.bridgeToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ requests: samples.map((subject) => ({ subject, action: "analyze", purpose: "DUO:0000006" })) }),
    });
    expect(response.status).toBe(200);
    const { jws, ...body } = (await response.json()) as { jws: string; decisions: Decision[] };
    const { payload } = await compactVerify(jws, jwks);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(body);
    return body.decisions;
  };
}

test("[participant] withdraws at no further use and the bridge denies analysis of each of their samples within 5 s", async ({ page, context }) => {
  const ask = bridgeClient();
  const participant = await consentedParticipant();
  const samples = participant.sampleCodes;
  expect(samples.length).toBeGreaterThan(0);

  // Before: the relay brings the new consent to the bridge, which allows analysis of every sample.
  await expect
    .poll(async () => (await ask(samples)).map((decision) => `${decision.subject} ${decision.allowed} ${decision.reason}`), { timeout: 15_000 })
    .toEqual(samples.map((sample) => `${sample} true consented`));

  await signInAs(context, participant.user!);
  await page.goto("/consent");
  await page.getByRole("region", { name: "そのほか" }).getByRole("link", { name: "同意を撤回する" }).click();
  await expect(page).toHaveURL(/\/consent\/withdraw$/);
  await page.getByRole("radio", { name: "今後の利用をやめる" }).check();
  await page.getByRole("button", { name: "次へ", exact: true }).click();
  await expect(page.getByRole("heading", { level: 2, name: "今後の利用をやめる" })).toBeVisible();

  // The clock starts as the participant confirms, so the delay includes the app's own answer.
  const confirmedAt = Date.now();
  await page.getByRole("button", { name: "撤回する", exact: true }).click();
  let denied: Decision[] = [];
  let deniedAt = 0;
  await expect
    .poll(
      async () => {
        denied = await ask(samples);
        deniedAt = Date.now();
        return denied.map((decision) => `${decision.subject} ${decision.allowed} ${decision.reason}`);
      },
      { timeout: 10_000, intervals: [50] },
    )
    .toEqual(samples.map((sample) => `${sample} false withdrawn_no_further_use`));
  const delay = deniedAt - confirmedAt;
  // Every denial rests on the withdrawal event the app recorded.
  const withdrawal = await getDatabase().consentEvent.findFirstOrThrow({ where: { participantId: participant.id, type: "withdrawn" } });
  expect(denied.map((decision) => decision.eventId)).toEqual(samples.map(() => withdrawal.id));
  const recordedAfter = withdrawal.occurredAt.getTime() - confirmedAt;
  console.log(
    `[bridge.spec] the bridge denied analysis of ${samples.length} samples ${delay} ms after the withdrawal was confirmed ` +
      `(the app stamped the withdrawal ${recordedAfter} ms after the click; the bridge denied ${deniedAt - withdrawal.occurredAt.getTime()} ms after that)`,
  );
  expect(delay).toBeLessThan(5_000);

  await expect(page).toHaveURL(/\/consent\?notice=withdrawn$/);
  await expect(page.getByTestId("consent-status")).toContainText("同意を撤回しています：今後の利用をやめる。");
});
