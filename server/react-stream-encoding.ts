/**
 * Every page is rendered by React's Web-streams renderer (app/rendering/render-html-stream.server.tsx: the Node one of
 * React 18.3 pads a buffer with NUL bytes where a multi-byte character meets its end). That renderer turns each
 * string it writes — every text, every attribute value — into bytes of its own with `TextEncoder.encode` and then
 * copies them into its 512-byte buffer: a new ArrayBuffer per string, thousands per page, and `encode` near the top of
 * every page's profile (bench/RESULTS.md, issue 30; ADR 075).
 *
 * Imported first by server/app-server.ts, before anything loads React's server renderer, this loads the renderer's
 * production build into Node's module cache with one change: a string is written straight into the buffer with
 * `TextEncoder.encodeInto`, and when it does not fit, the buffer is sent with the bytes written so far (never its
 * unfilled end: `encodeInto` stops before a character that does not fit whole, so no character is split and nothing
 * pads) and the rest goes into the next buffer. A string longer than a buffer can hold is encoded on its own, as
 * before. Bytes already encoded (the renderer's precomputed chunks) take React's own path. If the source is not the
 * one this was written for (another React), nothing is changed and a warning says so.
 */
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { serviceLogger } from "@tsunagi/service-kit/logger";

const require = createRequire(import.meta.url);

// React 18.3.1's react-dom-server.browser.production.min.js: its buffer (`l`, `n` bytes used), writeChunk (`p`), and
// stringToChunk (`u`), which the renderer calls for every string it writes.
const bufferDeclaration = "var l=null,n=0;";
const writeChunkStart = "function p(a,b){if(0!==b.length)";
const stringToChunk = "function u(a){return ca.encode(a)}";
const encoderDeclaration = "var ca=new TextEncoder;";
const writeString = `
function tsunagiWriteString(a,b){
  if(b.length===0)return;
  if(3*b.length<=l.length-n){n+=ca.encodeInto(b,n===0?l:l.subarray(n)).written;return}
  if(3*b.length>l.length){0<n&&(a.enqueue(new Uint8Array(l.buffer,0,n)),l=new Uint8Array(512),n=0);a.enqueue(ca.encode(b));return}
  var r=ca.encodeInto(b,l.subarray(n));
  n+=r.written;
  if(r.read<b.length){a.enqueue(new Uint8Array(l.buffer,0,n));l=new Uint8Array(512);n=ca.encodeInto(b.slice(r.read),l).written}
}
`;

/** The renderer's source writing strings straight into its buffer, or undefined when it is not the source this knows. */
export function withDirectStringWrites(source: string): string | undefined {
  if ([bufferDeclaration, writeChunkStart, stringToChunk, encoderDeclaration].some((line) => source.split(line).length !== 2)) return undefined;
  return source
    .replace(writeChunkStart, 'function p(a,b){if("string"===typeof b){tsunagiWriteString(a,b);return}if(0!==b.length)')
    .replace(stringToChunk, "function u(a){return a}")
    .replace(encoderDeclaration, `${encoderDeclaration}${writeString}`);
}

/** React's Web-streams renderer as `react-dom/server.browser` loads it in production. */
export function reactStreamRendererFile(): string {
  return path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs/react-dom-server.browser.production.min.js");
}

function installDirectStringWrites(): void {
  const file = reactStreamRendererFile();
  if (require.cache[file]) {
    serviceLogger("app").warn("React's stream renderer was loaded before server/react-stream-encoding.ts: it encodes each string on its own");
    return;
  }
  const patched = withDirectStringWrites(readFileSync(file, "utf8"));
  if (!patched) {
    serviceLogger("app").warn("React's stream renderer is not the version server/react-stream-encoding.ts knows: it encodes each string on its own");
    return;
  }
  const loaded = new Module(file) as Module & { _compile(source: string, filename: string): void; paths: string[] };
  loaded.filename = file;
  loaded.paths = (Module as unknown as { _nodeModulePaths(directory: string): string[] })._nodeModulePaths(path.dirname(file));
  loaded._compile(patched, file);
  loaded.loaded = true;
  require.cache[file] = loaded;
}

// Only the production build is changed: development loads another file, whose speed does not matter.
installDirectStringWrites();
