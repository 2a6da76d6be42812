/**
 * A three-node NATS JetStream cluster on loopback for the chaos run: each node its own port, cluster port and store
 * directory; any node can be killed with SIGKILL and started again on the same store (it rejoins and catches up).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findNatsServer, freePort } from "../../tests/support/nats-server";

export interface NatsNode {
  readonly name: string;
  readonly port: number;
  readonly running: boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
}

export interface NatsCluster {
  readonly nodes: NatsNode[];
  /** Every node's client URL, comma-separated (what NATS_URL holds). */
  readonly url: string;
  dispose(): Promise<void>;
}

export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const binary = await findNatsServer();
  const root = mkdtempSync(path.join(tmpdir(), "tsunagi-nats-cluster-"));
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), cluster: await freePort() })));
  const routes = ports.map((port) => `nats://127.0.0.1:${port.cluster}`).join(",");
  const nodes: NatsNode[] = ports.map((port, index) => {
    const name = `n${index + 1}`;
    let child: ChildProcess | undefined;
    const node: NatsNode = {
      name,
      port: port.client,
      get running() {
        return child !== undefined;
      },
      async start() {
        if (child) return;
        const started = spawn(
          binary,
          ["-js", "-sd", path.join(root, name), "-p", String(port.client), "-a", "127.0.0.1", "-n", name, "--cluster_name", "tsunagi", "--cluster", `nats://127.0.0.1:${port.cluster}`, "--routes", routes],
          { stdio: ["ignore", "ignore", "pipe"] },
        );
        let output = "";
        started.stderr?.setEncoding("utf8");
        started.stderr?.on("data", (chunk: string) => {
          if (output.length < 50_000) output += chunk;
        });
        const deadline = Date.now() + 20_000;
        while (!output.includes("Server is ready")) {
          if (started.exitCode !== null) throw new Error(`nats-server ${name} exited:\n${output.slice(-3000)}`);
          if (Date.now() > deadline) {
            started.kill("SIGKILL");
            throw new Error(`nats-server ${name} not ready:\n${output.slice(-3000)}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        child = started;
      },
      async kill() {
        const current = child;
        child = undefined;
        if (!current || current.exitCode !== null || current.signalCode !== null) return;
        const gone = new Promise<void>((resolve) => current.once("exit", () => resolve()));
        current.kill("SIGKILL");
        await gone;
      },
    };
    return node;
  });
  await Promise.all(nodes.map((node) => node.start()));
  return {
    nodes,
    url: nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(","),
    async dispose() {
      await Promise.all(nodes.map((node) => node.kill()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
