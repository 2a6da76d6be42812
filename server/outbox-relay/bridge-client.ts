import type { ApprovalEnvelope } from "@tsunagi/consent-rules/approval-change-message";
import type { OutboxEnvelope, RelayHeartbeat } from "@tsunagi/consent-rules/consent-change-message";

/** A request the bridge did not acknowledge; the message is what the outbox row's lastError keeps. */
export class BridgeRefusal extends Error {
  constructor(readonly status: number, body: string) {
    super(`HTTP ${status}${body ? `: ${body.replace(/\s+/g, " ").slice(0, 200)}` : ""}`);
    this.name = "BridgeRefusal";
  }
}

// Long enough for a 500-change transaction on a busy bridge; short enough that a hung connection is retried.
const REQUEST_TIMEOUT_MS = 15_000;

/** POST /internal/v1/consent-changes; resolves only on the bridge's 200, which is the acknowledgement. */
export async function postConsentChanges(bridgeUrl: string, token: string, changes: OutboxEnvelope[], signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, "/internal/v1/consent-changes", token, { changes }, signal, [200]);
}

/** POST /internal/v1/heartbeat; the bridge answers 204. */
export async function postRelayHeartbeat(bridgeUrl: string, token: string, heartbeat: RelayHeartbeat, signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, "/internal/v1/heartbeat", token, heartbeat, signal, [200, 204]);
}

/** POST /internal/v1/approval-changes; resolves only on the bridge's 200 (ADR 041). */
export async function postApprovalChanges(bridgeUrl: string, token: string, changes: ApprovalEnvelope[], signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, "/internal/v1/approval-changes", token, { changes }, signal, [200]);
}

/** POST /internal/v1/approval-heartbeat: the high-water mark over the approval outbox; the bridge answers 204. */
export async function postApprovalHeartbeat(bridgeUrl: string, token: string, heartbeat: RelayHeartbeat, signal: AbortSignal): Promise<void> {
  await post(bridgeUrl, "/internal/v1/approval-heartbeat", token, heartbeat, signal, [200, 204]);
}

async function post(bridgeUrl: string, path: string, token: string, body: unknown, signal: AbortSignal, accepted: number[]): Promise<void> {
  const response = await fetch(`${bridgeUrl.replace(/\/+$/, "")}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await response.text().catch(() => "");
  if (!accepted.includes(response.status)) throw new BridgeRefusal(response.status, text);
}
