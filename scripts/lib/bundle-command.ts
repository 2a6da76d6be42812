/**
 * The body of `scripts/build-services.ts` and `scripts/build-bench.ts`, the first step of `npm start`, the operator's
 * commands and `npm run bench`: makes a bundle current (ADR 081, 173), saying what it does on stderr so the command's own
 * output on stdout stays only its own, and exits 1 if it cannot.
 */
export async function ensureBundleOrExit(what: string, ensure: (options: { log: (line: string) => void }) => Promise<{ built: boolean }>): Promise<void> {
  const started = Date.now();
  try {
    const { built } = await ensure({ log: (line) => console.error(`[tsunagi] ${line}`) });
    if (built) console.error(`[tsunagi] Compiled ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`[tsunagi] Could not compile ${what}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
