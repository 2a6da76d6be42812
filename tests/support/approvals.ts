/**
 * Data-access approvals for tests of the bridge (issue 15 item 5; ADR 041): an approval row written as the chair's
 * decision would leave it (its application, the approval, its approval_changed message in the same transaction), and
 * delivery of the approval outbox to a test bridge the way the relay delivers it.
 */
import { randomUUID } from "node:crypto";
import { getDatabase } from "../../app/db.server";
import { enqueueApprovalChange } from "../../app/domain/access/approvals/enqueue-approval-change.server";
import type { TestBridge } from "./pipeline-bridge";

export interface TestApprovalOptions {
  datasets?: string[];
  recipientType?: "academia" | "public_body" | "industry";
  recipientCountry?: string;
  recipientInstitution?: string;
  purposeCodes?: string[];
  startsAt?: Date;
  endsAt?: Date;
  status?: "active" | "suspended" | "revoked";
}

export interface TestApproval {
  id: string;
  applicationReference: string;
  recipientInstitution: string;
}

let made = 0;

/** An approval (active, a year long from a day ago, HMB and DS, academia in Japan unless told otherwise) and its message. */
export async function createTestApproval(options: TestApprovalOptions = {}): Promise<TestApproval> {
  made += 1;
  const reference = `DA-TEST-${process.pid}-${made}-${randomUUID().slice(0, 8)}`;
  const institution = options.recipientInstitution ?? "Kyoto University";
  const recipientType = options.recipientType ?? "academia";
  return getDatabase().$transaction(async (tx) => {
    const application = await tx.dataAccessApplication.create({ data: { reference, applicantId: randomUUID(), state: "approved" } });
    const approval = await tx.dataAccessApproval.create({
      data: {
        applicationId: application.id,
        decisionId: randomUUID(),
        recipientInstitution: institution,
        recipientName: "Test Researcher",
        recipientType,
        recipientCountry: options.recipientCountry ?? "JP",
        datasets: options.datasets ?? [],
        dataKinds: ["genome", "clinical"],
        purposeCodes: options.purposeCodes ?? ["HMB", "DS"],
        purposeDiseases: ["DOID:162"],
        commercial: recipientType === "industry",
        startsAt: options.startsAt ?? new Date(Date.now() - 24 * 3600_000),
        endsAt: options.endsAt ?? new Date(Date.now() + 365 * 24 * 3600_000),
        status: options.status ?? "active",
      },
    });
    await enqueueApprovalChange(tx, approval.id);
    return { id: approval.id, applicationReference: reference, recipientInstitution: institution };
  });
}

/** Every approval message the app has written, in outbox order (what the relay would deliver). */
export async function approvalMessages(approvalIds?: string[]): Promise<Record<string, unknown>[]> {
  const rows = await getDatabase().approvalOutbox.findMany({
    where: approvalIds ? { approvalId: { in: approvalIds } } : {},
    orderBy: { seq: "asc" },
    select: { payload: true },
  });
  return rows.map((row) => row.payload as Record<string, unknown>);
}

/** Posts approval messages to the bridge's ingest endpoint; throws unless it answers 200. */
export async function ingestApprovals(bridge: TestBridge, changes: readonly object[]): Promise<{ applied: number; duplicates: number; stale: number; parked?: number }> {
  const { status, body } = await bridge.post("/internal/v1/approval-changes", { changes }, bridge.ingestToken);
  if (status !== 200) throw new Error(`approval ingest answered ${status}: ${JSON.stringify(body)}`);
  return body as { applied: number; duplicates: number; stale: number; parked?: number };
}

/** The relay's approval heartbeat, claiming `highWaterMark` (default: what the bridge has accepted), sent at `sentAt`. */
export async function approvalHeartbeat(bridge: TestBridge, options: { highWaterMark?: bigint | string; sentAt?: Date } = {}): Promise<void> {
  const highWaterMark = String(options.highWaterMark ?? bridge.context.approvalHealth.acceptedSeq());
  const sentAt = (options.sentAt ?? new Date()).toISOString();
  const { status, body } = await bridge.post("/internal/v1/approval-heartbeat", { relayId: "test-relay", highWaterMark, sentAt }, bridge.ingestToken);
  if (status !== 204) throw new Error(`approval heartbeat answered ${status}: ${JSON.stringify(body)}`);
}

/** Delivers every approval message so far and an approval heartbeat sent at `sentAt`, as the relay would. */
export async function syncApprovals(bridge: TestBridge, options: { sentAt?: Date } = {}): Promise<void> {
  const messages = await approvalMessages();
  if (messages.length > 0) await ingestApprovals(bridge, messages);
  await approvalHeartbeat(bridge, { sentAt: options.sentAt });
}
