import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Attributes, type Span } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, RandomIdGenerator, SimpleSpanProcessor, TracerProvider, type IdGenerator, type SpanExporter } from "@opentelemetry/sdk-trace";
import { z } from "zod";

/**
 * One trace per consent change, from the app's verb through the relay to the bridge (issue 61, ADR 170): OpenTelemetry
 * spans, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set and recorded by no one otherwise (the API's
 * no-op tracer: a check of one flag on the hot paths).
 *
 * The change's ledger event id is its trace id (a UUID is 16 bytes, as a W3C trace id is), and the app's span for the
 * change takes a span id derived from it, so the relay and the bridge — which carry the event id in every message —
 * attach their spans to it without a field added to the wire (ADR 170: the messages are a versioned contract).
 */

export const tracingEnvFields = {
  /** An OTLP/HTTP collector (`http://collector:4318`): spans go to `<it>/v1/traces`. Unset: no spans recorded. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
};

let tracingOn = false;
/** The ids the next span started must take (set and cleared around one synchronous startSpan). */
let pendingIds: { traceId: string; spanId: string } | undefined;

const random = new RandomIdGenerator();
const consentChangeIds: IdGenerator = {
  generateTraceId: () => pendingIds?.traceId ?? random.generateTraceId(),
  generateSpanId: () => pendingIds?.spanId ?? random.generateSpanId(),
};

export interface RunningTracing {
  /** Sends what is buffered and stops recording. */
  stop(): Promise<void>;
}

/**
 * Records spans for this process: to `exporter` when given (the tests' in-memory one, each span as it ends), else over
 * OTLP/HTTP to `endpoint` in batches. Neither: nothing (undefined).
 */
export function startTracing(serviceName: string, options: { endpoint?: string; exporter?: SpanExporter }): RunningTracing | undefined {
  if (!options.exporter && !options.endpoint) return undefined;
  const processor = options.exporter ? new SimpleSpanProcessor({ exporter: options.exporter }) : new BatchSpanProcessor({ exporter: otlpExporter(options.endpoint!) });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ "service.name": serviceName }), idGenerator: consentChangeIds, spanProcessors: [processor] });
  trace.setGlobalTracerProvider(provider);
  tracingOn = true;
  return {
    async stop() {
      tracingOn = false;
      await provider.shutdown();
      trace.disable();
    },
  };
}

/**
 * The OTLP/HTTP exporter, loaded only when an endpoint is set: it and its protobuf transformer were a twentieth of every
 * process's start (an operator's command, each app worker) where no collector is configured, which is the default.
 */
function otlpExporter(endpoint: string): SpanExporter {
  const { OTLPTraceExporter } = createRequire(import.meta.url)("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, "")}/v1/traces` });
}

/** The trace id of a consent change: its ledger event id's 16 bytes. */
export function consentTraceIdOf(eventId: string): string {
  return eventId.replaceAll("-", "").toLowerCase();
}

/** The span id of the app's span for a consent change, derived from its event id. */
export function consentSpanIdOf(eventId: string): string {
  return createHash("sha256").update(`tsunagi consent change ${eventId}`).digest("hex").slice(0, 16);
}

/**
 * The app's span for a consent change (the verb, from the ledger append to its commit): the root of the change's
 * trace. Undefined when tracing is off. No personal data in its attributes: the event's type and id only.
 */
export function startConsentChangeSpan(service: string, name: string, eventId: string, attributes: Attributes = {}): Span | undefined {
  if (!tracingOn) return undefined;
  pendingIds = { traceId: consentTraceIdOf(eventId), spanId: consentSpanIdOf(eventId) };
  try {
    return trace.getTracer(service).startSpan(name, { root: true, kind: SpanKind.INTERNAL, attributes: { "tsunagi.event_id": eventId, ...attributes } }, ROOT_CONTEXT);
  } finally {
    pendingIds = undefined;
  }
}

/**
 * A later step of a consent change's way (the relay carrying it, the bridge applying it), in another process: a child of
 * the app's span, found from the event id alone. Undefined when tracing is off.
 */
export function startConsentStepSpan(service: string, name: string, eventId: string, options: { kind?: SpanKind; startTime?: number; attributes?: Attributes } = {}): Span | undefined {
  if (!tracingOn) return undefined;
  const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: consentTraceIdOf(eventId), spanId: consentSpanIdOf(eventId), traceFlags: TraceFlags.SAMPLED, isRemote: true });
  return trace.getTracer(service).startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, startTime: options.startTime, attributes: { "tsunagi.event_id": eventId, ...options.attributes } }, parent);
}

/** Whether spans are recorded in this process (so a caller can skip preparing them). */
export function tracingEnabled(): boolean {
  return tracingOn;
}

/** Ends a span as failed, with the error's message (never a person's data: callers pass errors of transport). */
export function endSpanFailed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.end();
}

export { SpanKind };
export type { Span };
/** For a test's collector: spans kept in memory as they end (startTracing's `exporter`). */
export { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
