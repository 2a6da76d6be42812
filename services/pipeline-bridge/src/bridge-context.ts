import { ApprovalHealth } from "./approvals/approval-health";
import { unwatchBridgeHealth, watchBridgeHealth } from "./metrics/bridge-metrics";
import { ApprovalStore } from "./approvals/approval-store";
import { applyReadableParkedApprovals } from "./approvals/apply-approval-changes";
import { ClientAuthenticator, TokenRevocationListener } from "./auth/client-authenticator";
import { bridgeDefaults, type BridgeConfig } from "./bridge-config";
import { createBridgeClient, createBridgePool, queryWithinDeadline, type BridgePool } from "./db/bridge-pool";
import { DecisionLog } from "./decisions/decision-log";
import { keepDecisionLogMonths } from "./decisions/keep-decision-log-months";
import { approvalStream } from "./approvals/approval-stream";
import { consentStream } from "./projection/consent-stream";
import { followMessageStream } from "./streams/follow-message-stream";
import { followDirectChanges, type DirectChangeFollower } from "./feed/follow-direct-changes";
import type { StreamFollower } from "./feed/follow-stream";
import { ChangeFeed } from "./events/change-feed";
import { BridgeHealth } from "./health/bridge-health";
import { applyReadableParkedMessages, readParkedSummary } from "./projection/parked-messages";
import { SubjectStore } from "./projection/subject-store";
import { recordReleaseSamples, type ReleaseSampleRecorder } from "./releases/record-release-samples";
import { createJwsSigner, type JwsSigner } from "./signing/jws-signer";
import { openSigningKeys } from "./signing/signing-keys";
import { checkServiceLogin } from "@tsunagi/service-kit/database-login";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const log = serviceLogger("bridge");

/** Everything a route handler may use. Built once per bridge process (or per test). */
export interface BridgeContext {
  config: BridgeConfig;
  /** PostgreSQL as role tsunagi_bridge. Never on the decision path. */
  db: BridgePool;
  /** The in-memory projection decisions are answered from. */
  subjects: SubjectStore;
  /** The in-memory copy of data-access approvals releases are decided against (ADR 041). */
  approvals: ApprovalStore;
  /** Whether that copy is current (the relay's approval heartbeat). */
  approvalHealth: ApprovalHealth;
  signer: JwsSigner;
  clients: ClientAuthenticator;
  decisionLog: DecisionLog;
  /** Writes each release's per-sample rows after its commit (ADR 082). */
  releaseSamples: ReleaseSampleRecorder;
  health: BridgeHealth;
  /** Wakes long-polls on each committed ingest. */
  changes: ChangeFeed;
  /** This replica's durable consumer of the consent stream, when it follows one (ADR 051). */
  consentStream?: StreamFollower;
  /** And of the approvals' stream, beside it (ADR 051 amended). */
  approvalStream?: StreamFollower;
  /** The app's direct publish after COMMIT, taken early beside the stream and never moving its floor (ADR 159). */
  directChanges?: DirectChangeFollower;
  clock: () => number;
}

export interface RunningBridgeContext extends BridgeContext {
  /** Stops the probe and the listener, flushes the decision log, closes the pool. */
  close(): Promise<void>;
}

/** Connects, loads keys and the projection, and starts the background work (probe, LISTEN, log flushing). */
export async function createBridgeContext(config: BridgeConfig): Promise<RunningBridgeContext> {
  const signingKeys = await openSigningKeys(config);
  const signer = createJwsSigner(signingKeys, config.clock);
  const health = new BridgeHealth(config.stalenessMs, config.clock);
  const db = createBridgePool(config.databaseUrl, () => health.recordProbe(false));
  const subjects = new SubjectStore();
  const approvals = new ApprovalStore();
  const approvalHealth = new ApprovalHealth(config.stalenessMs, config.clock);
  try {
    await checkServiceLogin({
      query: async (text, values) => (await db.query(text, values)).rows,
      service: "bridge",
      enforce: config.requireOwnDatabaseLogin ?? false,
      warn: config.requireOwnDatabaseLogin === false ? (message) => log.warn(message) : undefined,
    });
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
  try {
    const unparked = await applyReadableParkedMessages(db);
    if (unparked.applied + unparked.stale > 0) log.info({ applied: unparked.applied + unparked.stale, current: unparked.applied }, `applied ${unparked.applied + unparked.stale} parked messages it can now read (${unparked.applied} became current)`);
    const loadedThrough = await subjects.load(db);
    // A replica on the stream does not take its tables' highest position as applied: replicas sharing the tables
    // store out of order when a batch is handed back, so it may not be a prefix. Its consumer says (ADR 051).
    if (!config.consentStream) health.noteApplied(loadedThrough);
    health.recordParked(await readParkedSummary(db));
    const unparkedApprovals = await applyReadableParkedApprovals(db);
    if (unparkedApprovals.applied + unparkedApprovals.stale > 0) log.info({ applied: unparkedApprovals.applied + unparkedApprovals.stale }, "applied parked approval messages it can now read");
    const approvalsLoadedThrough = await approvals.load(db);
    // As for consent: a replica on the streams learns how far it has accepted from its approval consumer.
    if (!config.consentStream) approvalHealth.noteAccepted(approvalsLoadedThrough);
  } catch (error) {
    await db.end().catch(() => undefined);
    throw new Error(`The bridge could not read its projection (schema bridge, role tsunagi_bridge): ${(error as Error).message}`, { cause: error });
  }
  const databaseDeadlineMs = config.databaseDeadlineMs ?? bridgeDefaults.databaseDeadlineMs;
  const clients = new ClientAuthenticator(db, config.tokenCacheTtlMs, config.clock, () => health.recordProbe(false), databaseDeadlineMs);
  const listener = new TokenRevocationListener(() => createBridgeClient(config.databaseUrl), clients);
  await listener.start();
  const decisionLog = new DecisionLog(db, health, { flushMs: config.decisionLogFlushMs, maxBuffered: config.decisionLogMaxBuffered });
  decisionLog.start();
  const decisionLogMonths = keepDecisionLogMonths(db);
  const releaseSamples = recordReleaseSamples(db, { checkMs: config.releaseSamplesCheckMs });
  const changes = new ChangeFeed();
  // What a scrape of this process's metrics reads of its health (ADR 169); the last bridge started in a process is watched.
  const watchedHealth = { startedAt: Date.now(), health, decisionLog, clock: config.clock };
  watchBridgeHealth(watchedHealth);

  // Each beat probes while the bridge is asked to answer or its last probe failed, and otherwise once every
  // databaseIdleProbeMs (ADR 111): an idle bridge asked nothing has nothing to deny, and the first decision after a
  // quiet spell is written to the decision log within decisionLogFlushMs, whose failure denies as a probe's would.
  const idleProbeMs = config.databaseIdleProbeMs ?? bridgeDefaults.databaseIdleProbeMs;
  let probing = false;
  let lastProbeAt = performance.now();
  const probe = setInterval(() => {
    if (probing) return;
    if (!health.probeDue(performance.now() - lastProbeAt >= idleProbeMs)) return;
    lastProbeAt = performance.now();
    probing = true;
    // A probe that gets no answer within the deadline fails like one refused: a frozen database makes every
    // decision deny within a probe interval and a deadline, instead of leaving the bridge ready on a silent server.
    queryWithinDeadline(db, databaseDeadlineMs, "SELECT 1")
      .then(() => health.recordProbe(true), () => health.recordProbe(false))
      .finally(() => (probing = false));
  }, config.databaseProbeMs);
  probe.unref();

  let closed: Promise<void> | undefined;
  let follower: StreamFollower | undefined;
  let approvalFollower: StreamFollower | undefined;
  let directFollower: DirectChangeFollower | undefined;
  const context: RunningBridgeContext = {
    config,
    db,
    subjects,
    approvals,
    approvalHealth,
    signer,
    clients,
    decisionLog,
    releaseSamples,
    health,
    changes,
    clock: config.clock,
    close() {
      closed ??= (async () => {
        unwatchBridgeHealth(watchedHealth);
        signingKeys.stop();
        await Promise.all([follower?.stop(), approvalFollower?.stop(), directFollower?.stop()]);
        clearInterval(probe);
        decisionLogMonths.stop();
        await decisionLogMonths.ready;
        await releaseSamples.stop();
        changes.notify();
        await listener.close();
        await decisionLog.close();
        await db.end();
      })();
      return closed;
    },
  };
  if (config.consentStream) {
    follower = context.consentStream = followMessageStream(consentStream, context, config.consentStream);
    approvalFollower = context.approvalStream = followMessageStream(approvalStream, context, config.consentStream);
    directFollower = context.directChanges = followDirectChanges(context, config.consentStream);
  }
  // A rotated key file is picked up without a restart (ADR 054); watched only once nothing above can fail.
  signingKeys.watch({ checkMs: config.signingKeysCheckMs });
  return context;
}
