/**
 * A push service as RFC 8030 describes one, on 127.0.0.1, for the Web Push tests (ADR 110): it takes a message POSTed
 * to a subscription's endpoint, checks the application server's VAPID token (RFC 8292) and decrypts the payload as the
 * browser would (RFC 8291, aes128gcm of RFC 8188) with the subscription's private key, which the test made
 * (`newDeviceKeys`). Each endpoint answers 201 unless the test tells it otherwise (410 for a subscription gone).
 */
import { createECDH, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { importJWK, jwtVerify } from "jose";

export interface DeviceKeys {
  /** The subscription's public key as PushSubscription.toJSON() gives it: a P-256 point, uncompressed, base64url. */
  p256dh: string;
  /** Its 16-byte authentication secret, base64url. */
  auth: string;
  /** What the browser does with a message's body: RFC 8291's decryption. */
  decrypt(body: Buffer): string;
}

export function newDeviceKeys(): DeviceKeys {
  const ecdh = createECDH("prime256v1");
  const uaPublic = ecdh.generateKeys();
  const authSecret = randomBytes(16);
  return {
    p256dh: uaPublic.toString("base64url"),
    auth: authSecret.toString("base64url"),
    decrypt(body) {
      // RFC 8188 header: salt (16) | record size (4) | key id length (1) | key id (the sender's public key, 65).
      const salt = body.subarray(0, 16);
      const idLength = body[20]!;
      const asPublic = body.subarray(21, 21 + idLength);
      const records = body.subarray(21 + idLength);
      const ecdhSecret = ecdh.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
      const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, authSecret, keyInfo, 32));
      const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
      const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
      const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
      decipher.setAuthTag(records.subarray(records.length - 16));
      const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
      // The last record ends with the delimiter 0x02, then any zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end -= 1;
      if (padded[end] !== 2) throw new Error("not the last record of an aes128gcm message");
      return padded.subarray(0, end).toString("utf8");
    },
  };
}

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The VAPID token's claims, verified against the key it names. */
  vapid: { aud: unknown; sub: unknown; exp: unknown; key: string };
}

export interface PushService {
  origin: string;
  received: ReceivedPush[];
  /** A new endpoint on this service. */
  endpoint(): string;
  /** What an endpoint answers from now on (201 by default). */
  answer(endpoint: string, status: number): void;
  close(): Promise<void>;
}

export async function startPushService(): Promise<PushService> {
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  let next = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void (async () => {
        const path = request.url ?? "";
        const status = answers.get(path) ?? 201;
        if (status !== 201) {
          response.writeHead(status).end();
          return;
        }
        try {
          const vapid = await verifyVapid(String(request.headers.authorization ?? ""), origin);
          received.push({ path, headers: request.headers, body: Buffer.concat(chunks), vapid });
          response.writeHead(201, { Location: `${origin}/messages/${received.length}` }).end();
        } catch (error) {
          response.writeHead(403, { "Content-Type": "text/plain" }).end(String(error));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    endpoint: () => `${origin}/push/device-${(next += 1)}-${randomBytes(6).toString("hex")}`,
    answer: (endpoint, status) => void answers.set(new URL(endpoint).pathname, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 8292: `vapid t=<JWT signed ES256>, k=<the server's public key>`, the token for this service's origin, unexpired. */
async function verifyVapid(authorization: string, audience: string): Promise<ReceivedPush["vapid"]> {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization);
  if (!match) throw new Error(`no VAPID authorization: ${authorization}`);
  const [, token, key] = match as unknown as [string, string, string];
  const point = Buffer.from(key, "base64url");
  const jwk = { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33, 65).toString("base64url") };
  const { payload } = await jwtVerify(token, await importJWK(jwk, "ES256"), { audience, algorithms: ["ES256"] });
  return { aud: payload.aud, sub: payload.sub, exp: payload.exp, key };
}
