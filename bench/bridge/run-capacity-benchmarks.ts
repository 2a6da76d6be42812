/**
 * Capacity of bridge replicas (issue 17 item 6), part of the bridge suite (`npm run bench -- bridge`) and runnable
 * alone: `npx tsx bench/bridge/run-capacity-benchmarks.ts [--participants N] [--catch-up-rounds N]` (defaults 100,000
 * and 2; a smaller N is for a quick check, the figures in bench/RESULTS.md are of 100,000).
 *
 * In a database of its own (`tsunagi_bench_capacity`, dropped afterwards) and a private nats-server with JetStream:
 * the participants' consent changes are put on TSUNAGI_CONSENT by the relay's own publisher (publish-consent-stream.ts)
 * and the relay's heartbeat is sent on NATS with the last mark, then
 *   5. a new replica catches up from the stream, against the same replica restarted (time-replica-catch-up.ts);
 *   6. two replicas answer decisions beside one (compare-replica-throughput.ts).
 * Every replica is a real process (start-bridge-replica.ts); all of them, the NATS server and the temporary folders
 * are stopped and removed whether the run succeeds or fails.
 */
import { mkdirSync } from "node:fs";
import { cpus } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { issueApiToken } from "../../app/domain/api-tokens/issue-api-token.server";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { startNatsServer } from "../../tests/support/nats-server";
import { BENCH_POSTGRES_PORT, withBenchDatabase } from "../bench-database";
import { compareReplicaThroughput } from "./compare-replica-throughput";
import { publishConsentStream, sendRelayHeartbeats } from "./publish-consent-stream";
import { findProcess } from "./read-cpu-time";
import { startBridgeReplica, type BridgeReplica } from "./start-bridge-replica";
import { timeReplicaCatchUp } from "./time-replica-catch-up";
import { sized } from "../smoke";

const BENCH_DATABASE = "tsunagi_bench_capacity";
export const CAPACITY_PARTICIPANTS = sized(100_000, 1_000);
const CATCH_UP_ROUNDS = sized(2, 1);

export async function runCapacityBenchmarks(
  adminUrl: string,
  options: { participants?: number; catchUpRounds?: number; print?: (text: string) => void } = {},
): Promise<void> {
  const participants = options.participants ?? CAPACITY_PARTICIPANTS;
  const print = options.print ?? ((text: string) => console.log(text));
  await withBenchDatabase(adminUrl, BENCH_DATABASE, async ({ databaseUrl, dataDir }) => {
    const gateToken = (await issueApiToken({ name: "bench capacity pipeline", scopes: ["gate:analyze"], createdById: null })).token;
    const nats = await startNatsServer();
    const replicas: BridgeReplica[] = [];
    let stopHeartbeats: (() => Promise<void>) | undefined;
    try {
      const stream = await publishConsentStream(nats.url, participants);
      print(
        `   (stream: ${stream.participants.toLocaleString("en-US")} participants' ${stream.messages.toLocaleString("en-US")} consent changes published to TSUNAGI_CONSENT by the relay's publisher straight from the benchmark, not through the ledger, in ${stream.publishSeconds.toFixed(1)} s; one nats-server, file storage; the relay's heartbeat on NATS every second with mark ${stream.lastGlobalSeq})`,
      );
      stopHeartbeats = await sendRelayHeartbeats(nats.url, stream.lastGlobalSeq);

      const caughtUp = await timeReplicaCatchUp({ databaseUrl, natsUrl: nats.url, stream, gateToken, dataDir, rounds: options.catchUpRounds ?? CATCH_UP_ROUNDS, print });

      // The first replica is the last catch-up's, restarted; the second is new, on the schema the first has filled.
      const first = await startBridgeReplica({ databaseUrl, natsUrl: nats.url, replicaId: caughtUp.replicaId, dataDir: caughtUp.dataDir });
      replicas.push(first);
      await first.untilReady();
      const secondDir = path.join(dataDir, "capacity-2");
      mkdirSync(secondDir, { recursive: true });
      const second = await startBridgeReplica({ databaseUrl, natsUrl: nats.url, replicaId: "capacity-2", dataDir: secondDir });
      replicas.push(second);
      const secondReady = await second.untilReady({ timeoutMs: 30 * 60_000 });
      print(`   (the second replica, new, on the bridge schema the first had filled — every message a duplicate it still reads and checks: ready in ${(secondReady.readyMs / 1000).toFixed(1)} s)`);
      await compareReplicaThroughput({ replicas: [first, second], gateToken, participants, databaseUrl, natsPid: findProcess(nats.storeDir), print });
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await stopHeartbeats?.().catch(() => undefined);
      await nats.dispose();
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argument = (name: string) => {
    const index = process.argv.indexOf(`--${name}`);
    return index === -1 ? undefined : Number(process.argv[index + 1]);
  };
  const participants = argument("participants") ?? CAPACITY_PARTICIPANTS;
  const catchUpRounds = argument("catch-up-rounds") ?? CATCH_UP_ROUNDS;
  if (!Number.isInteger(participants) || participants < 1_000 || !Number.isInteger(catchUpRounds) || catchUpRounds < 1) {
    console.error("usage: npx tsx bench/bridge/run-capacity-benchmarks.ts [--participants N ≥ 1000] [--catch-up-rounds N ≥ 1]");
    process.exit(2);
  }
  const postgres = await ensurePostgres({ dataDir: path.resolve(".data/bench"), port: BENCH_POSTGRES_PORT });
  console.log(`Tsunagi bridge capacity — ${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}\n`);
  try {
    await runCapacityBenchmarks(postgres.adminUrl, { participants, catchUpRounds });
  } finally {
    await postgres.stop();
  }
}
