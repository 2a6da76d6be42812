import { readingKey, type FuriganaReader, type ReadingCorrections, type ReadingSegment } from "@tsunagi/furigana-jsx/furigana";
import { decodeSegments, readingRequestLimits, type EncodedSegments } from "../domain/text/index";
import { pageReadingsScriptId, type PageReadings } from "./page-readings";

interface Pending {
  text: string;
  corrections: ReadingCorrections | undefined;
}

/**
 * The browser's readings: first the page's embedded map (so hydration renders what the server rendered), then, for
 * texts rendered later (a client-side navigation, a form's answer), one POST /readings per batch. Until an answer
 * comes the text shows plain; a failed request leaves it plain rather than asking again and again.
 */
export function createBrowserReadings(embedded: PageReadings, endpoint = "/readings"): FuriganaReader {
  const known = new Map<string, readonly ReadingSegment[]>();
  for (const [key, encoded] of Object.entries(embedded)) known.set(key, Object.freeze(decodeSegments(encoded)));
  const asked = new Set<string>();
  let queue = new Map<string, Pending>();
  let scheduled = false;
  const listeners = new Set<() => void>();

  async function send(batch: [string, Pending][]) {
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ texts: batch.map(([, pending]) => (pending.corrections ? pending : { text: pending.text })) }),
      });
      if (!response.ok) return;
      const { readings } = (await response.json()) as { readings: EncodedSegments[] };
      batch.forEach(([key], index) => {
        const encoded = readings[index];
        if (encoded) known.set(key, Object.freeze(decodeSegments(encoded)));
      });
      for (const listener of listeners) listener();
    } catch {
      // Offline or the server refused: the texts stay plain, which is what a page without readings shows anyway.
    }
  }

  function flush() {
    scheduled = false;
    const entries = [...queue.entries()];
    queue = new Map();
    for (let start = 0; start < entries.length; start += readingRequestLimits.texts) {
      void send(entries.slice(start, start + readingRequestLimits.texts));
    }
  }

  return {
    segmentsOf: (text, corrections) => known.get(readingKey(text, corrections)),
    request(text, corrections) {
      const key = readingKey(text, corrections);
      if (known.has(key) || asked.has(key) || text.length > readingRequestLimits.textLength) return;
      asked.add(key);
      queue.set(key, { text, corrections });
      if (!scheduled) {
        scheduled = true;
        // Every text of one render asks in the same task; one request carries them all.
        setTimeout(flush, 0);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The reader for this document, or null when the server embedded no readings (the page is not in やさしい日本語). */
export function browserReadingsFromDocument(): FuriganaReader | null {
  const script = document.getElementById(pageReadingsScriptId);
  if (!script) return null;
  let embedded: PageReadings = {};
  try {
    embedded = JSON.parse(script.textContent ?? "{}") as PageReadings;
  } catch {
    // A damaged map: hydration will find plain text where the server put ruby and render the page again on its own.
  }
  return createBrowserReadings(embedded);
}
