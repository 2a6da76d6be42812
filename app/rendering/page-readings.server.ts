import { readingKey, type FuriganaReader, type ReadingSegment } from "@tsunagi/furigana-jsx/furigana";
import { encodeSegments, type EncodedSegments } from "../domain/text/index";
import { readingSegments } from "../domain/text/index.server";
import { pageReadingsScriptId, scriptSafeJson } from "./page-readings";

export interface ServerPageReadings {
  reader: FuriganaReader;
  /** The readings the render used, as a JSON script for the browser; call once the render has finished. */
  scriptTag(nonce: string): string;
}

const noSubscription = () => () => {};

/**
 * One page's readings: the analyser answers each text as React renders it (the analyser must be loaded), and every
 * text annotated is recorded, so the browser can hydrate with the very same segments.
 */
export function createServerPageReadings(): ServerPageReadings {
  const used = new Map<string, readonly ReadingSegment[]>();
  return {
    reader: {
      segmentsOf(text, corrections) {
        const segments = readingSegments(text, corrections);
        used.set(readingKey(text, corrections), segments);
        return segments;
      },
      subscribe: noSubscription,
    },
    scriptTag(nonce) {
      const readings: Record<string, EncodedSegments> = {};
      for (const [key, segments] of used) readings[key] = encodeSegments(segments);
      const nonceAttribute = nonce ? ` nonce="${nonce.replace(/[^A-Za-z0-9+/=_-]/g, "")}"` : "";
      return `<script type="application/json" id="${pageReadingsScriptId}"${nonceAttribute}>${scriptSafeJson(readings)}</script>`;
    },
  };
}

/**
 * The page's bytes with the readings script after React's last byte: only then is the map complete (text inside a
 * Suspense boundary renders late). The HTML parser puts an element after </html> at the end of <body>, where React's
 * hydration ignores extra nodes, and the client entry (a module script, deferred) runs after it has been parsed.
 */
export function appendAfterStream(stream: ReadableStream<Uint8Array>, tail: () => string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      flush(controller) {
        controller.enqueue(encoder.encode(tail()));
      },
    }),
  );
}
