// The browser's files compressed once at build (issue 60 item 2; ADR 154), through the real app server over HTTP as a
// browser asks: brotli to a browser that accepts it, gzip to one that accepts only that, the file itself to one that
// accepts neither — the same bytes once decoded, cached for a year, and never compressed twice.
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { languageCookie } from "../../app/i18n/language.server";
import { useAppServer } from "../support/app-server";
import { useTestDatabase } from "../support/database";
import { useTempDataDir } from "../support/temp-data-dir";

useTestDatabase();
useTempDataDir();
const app = useAppServer();

/** One GET without any decoding, as the bytes come off the wire. */
function rawGet(url: string, acceptEncoding: string | null): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: acceptEncoding === null ? {} : { "Accept-Encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

describe("[visitor] the app's scripts, styles and texts", () => {
  it("come precompressed in the encoding the browser accepts, and decode to the file itself", async () => {
    const assets = path.join(process.cwd(), "build/client/assets");
    // The largest script.
    const script = readdirSync(assets)
      .filter((name) => name.endsWith(".js"))
      .map((name) => ({ name, size: readFileSync(path.join(assets, name)).length }))
      .sort((a, b) => b.size - a.size)[0]!.name;
    const original = readFileSync(path.join(assets, script));
    const url = `${app.origin}/assets/${script}`;

    const brotli = await rawGet(url, "gzip, deflate, br, zstd");
    expect(brotli.status).toBe(200);
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(brotli.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(brotli.headers["cache-control"]).toMatch(/immutable/);
    expect(brotli.headers["content-type"]).toMatch(/javascript/);
    expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);
    // Compressed once, at the best level: under a third of the file (React's code; a texts chunk comes to a quarter).
    expect(brotli.body.length).toBeLessThan(original.length / 3);

    const gzip = await rawGet(url, "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const identity = await rawGet(url, null);
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(identity.body.equals(original)).toBe(true);
  });

  it("a page with the app's scripts asks for its language's texts with them, and a page without scripts does not", async () => {
    const manifest = JSON.parse(readFileSync(path.join(process.cwd(), "build/.vite/client-manifest.json"), "utf8")) as Record<string, { file: string }>;
    for (const language of ["ja", "ja-easy", "en"] as const) {
      const cookie = (await languageCookie.serialize(language)).split(";")[0]!;
      const page = await (await fetch(`${app.origin}/sign-in`, { headers: { Cookie: cookie } })).text();
      const preloads = [...page.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((match) => match[1]);
      // The texts every page uses (ADR 156), and the sign-in page's own (auth). Not the refusals' (errors): the server
      // words those (ADR 161).
      expect(preloads, `${language}/errors`).not.toContain(`/${manifest[`locales/${language}/errors.json`]!.file}`);
      for (const namespace of ["common", "auth"]) expect(preloads, `${language}/${namespace}`).toContain(`/${manifest[`locales/${language}/${namespace}.json`]!.file}`);
      // Only its own language's: the other languages' texts are not asked for.
      const others = Object.entries(manifest).filter(([key]) => key.startsWith("locales/") && !key.startsWith(`locales/${language}/`)).map(([, entry]) => `/${entry.file}`);
      expect(preloads.filter((href) => others.includes(href!))).toEqual([]);
    }
    // ADR 085: a page that needs no JavaScript gets none, and no texts for it either.
    const plain = await (await fetch(`${app.origin}/join-the-panel`)).text();
    expect(plain).not.toMatch(/modulepreload/);
  });
});
