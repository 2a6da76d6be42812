/**
 * `npm run history:export -- --out history.jsonl` — the database export an operator hands an auditor (ADR 046): every
 * consent event and every audit row, read in one REPEATABLE READ transaction, as the JSON lines
 * `app/domain/transparency/checkpoints/history-export.ts` describes. The auditor checks it against the public
 * checkpoints with `npm run checkpoints:verify -- --export history.jsonl …`. Written to the file (created, mode 0600,
 * never overwritten) or to standard output; it holds personal data, so it goes only where the agreement says.
 *
 * Uses --database-url, else DATABASE_URL, else the embedded server under TSUNAGI_DATA_DIR. Exit 0 when written, 2 when
 * it cannot be.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { isCommandEntry } from "./lib/command-entry";

/** Writes the export to a new file (or a stream, such as standard output), with the stream's back-pressure respected. */
export async function writeHistoryExport(target: string | NodeJS.WritableStream): Promise<{ consentEvents: number; auditRows: number }> {
  const { exportHistory } = await import("../app/domain/transparency/index.server");
  const stream: NodeJS.WritableStream = typeof target === "string" ? createWriteStream(target, { flags: "wx", mode: 0o600, encoding: "utf8" }) : target;
  let failure: unknown = null;
  const onError = (error: unknown) => (failure ??= error);
  stream.on("error", onError);
  try {
    if (typeof target === "string") await once(stream, "open");
    const counts = await exportHistory(async (line) => {
      if (failure) throw failure;
      if (!stream.write(`${line}\n`)) await once(stream, "drain");
    });
    if (typeof target === "string") {
      stream.end();
      await once(stream, "finish");
    }
    if (failure) throw failure;
    return counts;
  } finally {
    stream.off("error", onError);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: "string" }, "database-url": { type: "string" } }, strict: true });
  if (values["database-url"]) process.env.DATABASE_URL = values["database-url"];
  const { ensurePostgres } = await import("./lib/postgres");
  const postgres = await ensurePostgres();
  process.env.DATABASE_URL = postgres.url;
  const { disconnectDatabase } = await import("../app/db.server");
  try {
    const counts = await writeHistoryExport(values.out ?? process.stdout);
    console.error(`Exported ${counts.consentEvents} consent events and ${counts.auditRows} audit rows${values.out ? ` to ${values.out}` : ""}`);
    return 0;
  } finally {
    await disconnectDatabase();
    await postgres.stop();
  }
}

if (isCommandEntry(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`The history could not be exported: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
