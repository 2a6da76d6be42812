import { getDatabase, type Database } from "../../db.server";
import { claimStudyInvitations } from "../../domain/recontact/index.server";
import type { DemoFile } from "./demo-file";
import { waitForDemoDelivery } from "./seed-demo-data-access.server";

export type DemoStudyInvitation = NonNullable<NonNullable<DemoFile["dataAccess"]>["studyInvitation"]>;

/**
 * The study behind the demo's invitation: the trial the demo's cancer reports name for EGFR, selected by the tumour's
 * EGFR change. The demo participants whose reports hold it are the study's selection. Demo data, not a real trial.
 */
export const demoInvitationStudy = { registry: "jRCT", id: "jRCT2031210123" } as const;
export const demoInvitationCriterion = { gene: "EGFR", origin: "somatic" } as const;
const selectedStates = new Set(["consented", "secondary_findings_declined"]);

/**
 * The demo's open study invitation (issue 57 item 4; ADR 138), made at start as a study's pipeline would: with the demo's
 * bridge token, `POST /v1/study-invitations` under the demo approval for the participants the study's criterion
 * selected, once the bridge holds their consent and the approval; then the platform takes the question up at once
 * (the job queue's minute cron would too) and the invitations leave by mail. Nothing is done when demo.json already
 * lists one.
 */
export async function seedDemoStudyInvitation(
  input: { demo: DemoFile; bridgeUrl: string; timeoutMs?: number; pollMs?: number },
  db: Database = getDatabase(),
): Promise<{ ok: true; invitation: DemoStudyInvitation; created: boolean } | { ok: false; reason: string }> {
  const { demo, bridgeUrl } = input;
  const dataAccess = demo.dataAccess;
  if (!dataAccess || !demo.bridgeToken) return { ok: false, reason: "the demo file has no data-access part or no bridge token" };
  if (dataAccess.studyInvitation) return { ok: true, invitation: dataAccess.studyInvitation, created: false };
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  const pollMs = input.pollMs ?? 250;
  const pause = () => new Promise((resolve) => setTimeout(resolve, pollMs));
  const delivered = await waitForDemoDelivery(db, dataAccess.approval.id, deadline, pause);
  if (!delivered.ok) return delivered;
  const pseudonyms = demo.participants.filter((participant) => selectedStates.has(participant.state)).map((participant) => participant.pseudonym);
  const body = JSON.stringify({ approval: dataAccess.approval.id, study: demoInvitationStudy, criterion: demoInvitationCriterion, pseudonyms });
  let answer: { status: number; text: string };
  for (;;) {
    const response = await fetch(`${bridgeUrl}/v1/study-invitations`, { method: "POST", headers: { Authorization: `Bearer ${demo.bridgeToken}`, "Content-Type": "application/json" }, body });
    answer = { status: response.status, text: await response.text() };
    // 503: the bridge does not yet vouch for its consent or approval projection (the relay's first heartbeat).
    if (answer.status !== 503 || Date.now() > deadline) break;
    await pause();
  }
  if (answer.status !== 201) return { ok: false, reason: `the bridge refused the demo's study question: ${answer.status} ${answer.text.slice(0, 200)}` };
  const counted = JSON.parse(answer.text) as { requestId: string; askedCount: number; invitableCount: number };
  const claimed = await claimStudyInvitations({}, db);
  const mine = claimed.find((claim) => claim.requestId === counted.requestId);
  return {
    ok: true,
    created: true,
    invitation: {
      requestId: counted.requestId,
      registry: demoInvitationStudy.registry,
      studyId: demoInvitationStudy.id,
      gene: demoInvitationCriterion.gene,
      askedCount: counted.askedCount,
      invitableCount: counted.invitableCount,
      invited: mine?.invited ?? 0,
    },
  };
}
