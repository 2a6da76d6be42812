import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentSpanIdOf, consentTraceIdOf, InMemorySpanExporter, startTracing, type ReadableSpan, type RunningTracing } from "@tsunagi/service-kit/tracing";
import { useTestDatabase } from "../support/database";
import { startNatsServer } from "../support/nats-server";
import { eventually, startOutboxReceiver } from "../support/outbox-fixtures";
import { issueTestToken, startTestBridge } from "../support/pipeline-bridge";
import { useTestRelays } from "../support/relay";
import { useTempDataDir } from "../support/temp-data-dir";
import { withdrawOnline } from "../support/withdraw-online";
import { consentedParticipant } from "./dashboard-fixtures";

// Issue 61 item 1 (ADR 170): one trace per consent change, from the participant's withdrawal in the app through the
// real relay to the real bridge, recorded by an in-memory exporter as a collector would receive it.
const database = useTestDatabase();
useTempDataDir();
const relays = useTestRelays();
const exporter = new InMemorySpanExporter();
let tracing: RunningTracing | undefined;
beforeAll(() => {
  tracing = startTracing("tsunagi-test", { exporter });
});
afterAll(async () => {
  await tracing?.stop();
});

describe("a consent change's trace", () => {
  it("is one trace, its id the event's: the app's change, the relay's delivery and the bridge's apply, each a child of the first", async () => {
    const participant = await consentedParticipant();
    const bridge = await startTestBridge(database.url);
    relays.defer(() => bridge.close());
    await relays.start(bridge.url, { relayId: "relay-trace" });
    const gateToken = await issueTestToken(["gate:analyze"]);
    const sample = participant.sampleCodes[0]!;
    const analyse = async () => ((await bridge.post("/v1/decisions", { subject: sample, action: "analyze", purpose: "DUO:0000006" }, gateToken)).body as { decisions: { reason: string }[] }).decisions[0]!;
    await eventually("the grant at the bridge", async () => (await analyse()).reason === "consented");

    const withdrawal = await withdrawOnline(participant, { language: "ja" });
    const traceId = consentTraceIdOf(withdrawal.id);
    const spans = await eventually("the change's spans from all three", () => {
      const found = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return ["consent.change", "relay.deliver", "bridge.apply"].every((name) => found.some((span) => span.name === name)) ? found : undefined;
    }, 5_000);

    const byName = (name: string): ReadableSpan => spans.find((span) => span.name === name)!;
    const change = byName("consent.change");
    expect(change.instrumentationScope.name).toBe("tsunagi-app");
    expect(change.spanContext().spanId).toBe(consentSpanIdOf(withdrawal.id));
    expect(change.parentSpanContext).toBeUndefined();
    expect(change.attributes).toEqual({ "tsunagi.event_id": withdrawal.id, "tsunagi.event_type": "withdrawn" });
    for (const [name, scope] of [["relay.deliver", "tsunagi-relay"], ["bridge.apply", "tsunagi-bridge"]] as const) {
      const step = byName(name);
      expect(step.instrumentationScope.name).toBe(scope);
      expect(step.parentSpanContext?.spanId, name).toBe(change.spanContext().spanId);
      // Each step after the change began, as the clock of the one machine says.
      expect(step.startTime[0] * 1e3 + step.startTime[1] / 1e6).toBeGreaterThanOrEqual(change.startTime[0] * 1e3 + change.startTime[1] / 1e6 - 1);
    }
    expect(byName("bridge.apply").attributes["tsunagi.consent_status"]).toBe("withdrawn");
    // Nothing of the person in any span: no pseudonym, no sample code.
    const text = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(text).not.toContain(participant.pseudonym);
    expect(text).not.toContain(sample);
    // The grant before it is a trace of its own.
    expect(exporter.getFinishedSpans().filter((span) => span.name === "consent.change" && span.spanContext().traceId !== traceId).length).toBeGreaterThanOrEqual(1);
  });

  it("through NATS too: the relay's publish to the stream and the replica following it, in the same trace", async () => {
    const nats = await startNatsServer();
    relays.defer(() => nats.dispose());
    const participant = await consentedParticipant();
    const receiver = await startOutboxReceiver({ token: relays.token });
    await relays.start(receiver.url, { natsUrl: nats.url, relayId: "relay-trace-nats", heartbeatMs: 100 });
    const replica = await startTestBridge(database.url, { consentStream: { natsUrl: nats.url, replicaId: "trace-replica" } });
    relays.defer(() => replica.close());
    await eventually("the replica holding the grant", () => replica.context.subjects.get(participant.pseudonym) !== undefined, 20_000);

    const withdrawal = await withdrawOnline(participant, { language: "ja" });
    const traceId = consentTraceIdOf(withdrawal.id);
    const spans = await eventually("the change published and applied from the stream", () => {
      const found = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
      return found.some((span) => span.name === "relay.publish") && found.some((span) => span.name === "bridge.apply") ? found : undefined;
    }, 10_000);
    const parent = consentSpanIdOf(withdrawal.id);
    const publish = spans.find((span) => span.name === "relay.publish")!;
    expect(publish.attributes["tsunagi.destination"]).toBe("nats");
    expect(publish.parentSpanContext?.spanId).toBe(parent);
    expect(spans.find((span) => span.name === "bridge.apply")!.parentSpanContext?.spanId).toBe(parent);
    expect(spans.find((span) => span.name === "consent.change")!.spanContext().spanId).toBe(parent);
  });
});

