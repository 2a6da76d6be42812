/**
 * Child process: the baseline for decisions over HTTP. A bare node:http server that reads the same JSON body the
 * bridge is sent and answers a decision of the same shape from an in-memory Map — no token check, no schema, no
 * log, no signature. Holds BENCH_BARE_SUBJECTS subjects (`S-<n>-T`, the codes the bridge projection is seeded with).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { stopOnRequest } from "./child-process";
import { sampleCode } from "./synthetic-projection";

const count = Number(process.env.BENCH_BARE_SUBJECTS ?? 100_000);
const answers = new Map<string, { pseudonym: string; allowed: boolean; reason: string }>();
for (let index = 0; index < count; index++) answers.set(sampleCode(index), { pseudonym: `TGP-${index}`, allowed: true, reason: "consented" });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const asked = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { subject: string; action: string; purpose?: string; recipient?: string };
    const known = answers.get(asked.subject);
    const evaluatedAt = new Date().toISOString();
    const text = JSON.stringify({
      requestId: randomUUID(),
      evaluatedAt,
      decisions: [
        {
          subject: asked.subject,
          action: asked.action,
          purpose: asked.purpose ?? null,
          recipient: asked.recipient ?? null,
          allowed: known?.allowed ?? false,
          reason: known?.reason ?? "unknown_subject",
          choices: [],
          pseudonym: known?.pseudonym ?? null,
          evaluatedAt,
        },
      ],
    });
    response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
    response.end(text);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  process.send!({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
stopOnRequest(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
