import type { ServerResponse } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwsSigner, type JwsSigner } from "../signing/jws-signer";
import { loadSigningKeys } from "../signing/signing-keys";
import { sendSignedJson } from "./send-json";

/** Records what a handler sends, as the socket would receive it. */
function recordingResponse() {
  const sent: { status?: number; headers?: Record<string, unknown>; body?: Buffer } = {};
  const chunks: Buffer[] = [];
  const take = (chunk: Buffer | string) => chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, "utf8"));
  const response = {
    writeHead(status: number, headers: Record<string, unknown>) {
      sent.status = status;
      sent.headers = headers;
      return response;
    },
    cork() {},
    write(chunk: Buffer | string) {
      take(chunk);
      return true;
    },
    end(chunk?: Buffer | string) {
      if (chunk !== undefined) take(chunk);
      sent.body = Buffer.concat(chunks);
    },
  };
  return { response: response as unknown as ServerResponse, sent };
}

describe("sendSignedJson", () => {
  let signer: JwsSigner;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "tsunagi-send-"));
    signer = createJwsSigner(await loadSigningKeys({ dataDir }));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("sends the payload plus jws, whose verified payload is exactly the body without jws, with its length in bytes", async () => {
    for (const payload of [{ requestId: "r", decisions: [{ subject: "S-1", reason: "consented" }] }, { title: "肺がん — é\u2028", list: ["x".repeat(70_000)] }, {}]) {
      const { response, sent } = recordingResponse();
      await sendSignedJson(response, 200, payload, signer);
      expect(sent.status).toBe(200);
      expect(sent.headers).toMatchObject({ "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Content-Length": sent.body!.length });
      const body = JSON.parse(sent.body!.toString("utf8")) as Record<string, unknown> & { jws: string };
      const { jws, ...unsigned } = body;
      expect(unsigned).toEqual(payload);
      const key = await importJWK(signer.publicJwks().keys[0]!, "ES256");
      const verified = await compactVerify(jws, key);
      expect(new TextDecoder().decode(verified.payload)).toBe(JSON.stringify(payload));
    }
  });
});
