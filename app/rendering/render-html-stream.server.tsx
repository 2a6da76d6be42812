import type { ReactNode } from "react";
// The Web-streams renderer, not react-dom/server's Node one: React 18.3's renderToPipeableStream encodes text into
// 2,048-byte buffers and, when a multi-byte character does not fit at a buffer's end, sends the whole buffer anyway —
// unfilled bytes included — so Japanese pages carried NUL bytes wherever a character met a boundary (facebook/react
// issue 31134; fixed only in React 19). renderToReadableStream encodes each string whole and copies bytes, which
// cannot split or pad a character; its production build, as patched at install (patches/react-dom+18.3.1.patch,
// ADR 127), writes strings into its buffer directly and sends only the bytes written. Node 20 has Web streams, and
// Remix sends a ReadableStream body as is.
import { renderToReadableStream } from "react-dom/server.browser";

export interface RenderHtmlOptions {
  nonce?: string;
  /** Wait for every Suspense boundary before the first byte (crawlers); otherwise stream from the shell. */
  waitForAll?: boolean;
  /** Abort rendering after this many milliseconds. */
  timeoutMs: number;
  /** Errors while rendering; one before the shell also rejects the returned promise. */
  onError?: (error: unknown) => void;
}

/** Renders a document to bytes, the one way every HTML response of the app is made. */
export async function renderHtmlStream(element: ReactNode, options: RenderHtmlOptions): Promise<ReadableStream<Uint8Array>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`Rendering took longer than ${options.timeoutMs} ms`)), options.timeoutMs);
  try {
    const stream = await renderToReadableStream(element, { nonce: options.nonce, signal: controller.signal, onError: options.onError });
    // allReady also settles when rendering is aborted; the timer is no longer needed either way.
    stream.allReady.then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
    if (options.waitForAll) await stream.allReady;
    return stream;
  } catch (error) {
    clearTimeout(timer);
    throw error;
  }
}
