import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { consentTraceIdOf, startConsentChangeSpan, startTracing, tracingEnabled } from "./tracing";

describe("tracing over OTLP/HTTP (ADR 170)", () => {
  it("with no endpoint and no exporter records nothing", () => {
    expect(startTracing("tsunagi-test", {})).toBeUndefined();
    expect(tracingEnabled()).toBe(false);
  });

  it("sends a consent change's span to the collector at <endpoint>/v1/traces when it stops", async () => {
    const received: { url?: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
    const collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ url: request.url, headers: request.headers, body: Buffer.concat(chunks) });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    try {
      const eventId = "0b7e7c1e-5d2a-4d55-9a43-2f1f3c6d8e91";
      const tracing = startTracing("tsunagi-test", { endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}/` });
      expect(tracing).toBeDefined();
      startConsentChangeSpan("tsunagi-test", "consent.change", eventId)!.end();
      await tracing!.stop();
      expect(received).toHaveLength(1);
      expect(received[0]!.url).toBe("/v1/traces");
      expect(received[0]!.headers["content-type"]).toBe("application/json");
      // OTLP's JSON form: the trace id is the event id's 16 bytes in hex, the service named on its resource.
      const sent = JSON.stringify(JSON.parse(received[0]!.body.toString("utf8")));
      expect(sent).toContain(`"traceId":"${consentTraceIdOf(eventId)}"`);
      expect(sent).toContain('"name":"consent.change"');
      expect(sent).toContain('"stringValue":"tsunagi-test"');
    } finally {
      await new Promise((resolve) => collector.close(resolve));
    }
  });
});
