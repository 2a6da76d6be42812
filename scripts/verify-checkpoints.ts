/**
 * `npm run checkpoints:verify` — the stand-alone verifier of the published checkpoints (issue 16 item 4; ADRs 046, 114).
 * Given the public checkpoint list, its public keys and a history (an export from `npm run history:export`, or a
 * database to read one from), it opens every checkpoint that commits to its heads with the opening the history holds
 * and proves the history extends every checkpoint: a consent event or an audit row edited, deleted or reordered after
 * a checkpoint was published names the first checkpoint it breaks. The history must be exported after the newest
 * checkpoint of the list was published: a later checkpoint has no opening in it.
 *
 *   npx tsx scripts/verify-checkpoints.ts --checkpoints https://…/transparency/checkpoints.json \
 *     --jwks https://…/transparency/jwks.json --export history.jsonl
 *   npx tsx scripts/verify-checkpoints.ts --checkpoints my-witness-copy.jsonl --jwks pinned-jwks.json \
 *     --database-url postgresql://…
 *
 * `--checkpoints` and `--jwks` take a file or an http(s) URL; the list may be checkpoints.json (every page is read,
 * following `next`) or a witness's JSON-lines copy. A witness that has looked before says what it saw:
 * `--state <file>` keeps the newest checkpoint's number and hash from one run to the next, and `--min-sequence <n>`
 * names a number the list must reach; a list shorter than either, or one whose checkpoint at the remembered number
 * changed, fails naming the missing checkpoint (issue 27: a list emptied or rolled back is not "nothing published").
 * Exit 0 when every checkpoint holds, 1 naming the first failure, 2 when it cannot run (a missing or malformed input,
 * an unreachable URL or database).
 */
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { PublishedCheckpoint } from "../app/domain/transparency/index.server";
import type { HistoryFailure, PublishedCheckpointsVerdict } from "../app/domain/transparency/index.server";
import { isCommandEntry } from "./lib/command-entry";

const listProblems = {
  malformed: "not a signed checkpoint entry",
  not_a_checkpoint_jws: "its JWS is not a published-checkpoint signature",
  unknown_key: "signed with a key that is not in the JWK set",
  bad_signature: "the signature does not verify (forged or altered)",
  statement_differs: "the statement shown is not the one the JWS signs",
  sequence_gap: "checkpoint number out of sequence (an entry removed, repeated or moved)",
  broken_link: "does not link to the checkpoint before it",
  went_backwards: "goes backwards from the checkpoint before it",
  inconsistent_contents: "its contents contradict themselves",
} as const;

export function describeVerdict(verdict: PublishedCheckpointsVerdict): string {
  if (verdict.ok) {
    if (!verdict.latest) return `No checkpoint published yet: nothing to check against (${verdict.events} consent events, ${verdict.auditRows} audit rows read)`;
    const latest = verdict.latest;
    return (
      `History extends all ${verdict.checkpoints} published checkpoints, the latest #${latest.seq} published ${latest.publishedAt} ` +
      `(consent ledger through global #${latest.globalSeq}, audit log through #${latest.auditThroughId}); ` +
      `${verdict.events} consent events and ${verdict.auditRows} audit rows read; chain head ${verdict.head}`
    );
  }
  switch (verdict.problem) {
    case "checkpoint_list_invalid":
      return `Checkpoint list broken at entry ${verdict.position}${verdict.seq === null ? "" : ` (checkpoint #${verdict.seq})`}: ${listProblems[verdict.reason]}`;
    case "ledger_broken_after_checkpoints":
      return `Consent ledger broken after the latest checkpoint${verdict.latestCheckpointSeq === null ? "" : ` (#${verdict.latestCheckpointSeq})`}: at global #${verdict.globalSeq}, ${verdict.chainProblem.replace(/_/g, " ")}`;
    case "checkpoint_not_opened":
      return (
        `Checkpoint #${verdict.checkpointSeq} (published ${verdict.checkpointPublishedAt}) cannot be opened: ` +
        (verdict.found === "missing" ? "the history holds no opening for it" : "its opening is not the one it committed to")
      );
    default: {
      const first = describeFailure(verdict);
      return verdict.also ? `${first}\nAlso: ${describeFailure(verdict.also)}` : first;
    }
  }
}

function describeFailure(failure: HistoryFailure): string {
  const at = `checkpoint #${failure.checkpointSeq} (published ${failure.checkpointPublishedAt})`;
  switch (failure.problem) {
    case "ledger_differs_from_checkpoint":
      return (
        `Checkpoint #${failure.checkpointSeq} broken: the consent ledger no longer passes through ${at} at global #${failure.checkpointGlobalSeq}; ` +
        `first difference at global #${failure.globalSeq}${failure.chainProblem ? ` (${failure.chainProblem.replace(/_/g, " ")})` : ""}; intact through global #${failure.intactThrough}`
      );
    case "ledger_behind_checkpoint":
      return `Checkpoint #${failure.checkpointSeq} broken: ${at} signed the consent ledger up to global #${failure.checkpointGlobalSeq}, but it ends at global #${failure.ledgerEnd}`;
    case "audit_differs_from_checkpoint":
    case "audit_behind_checkpoint":
      return (
        `Checkpoint #${failure.checkpointSeq} broken: the audit rows after #${failure.afterId} up to #${failure.throughId} are not those ${at} covered` +
        `${failure.problem === "audit_behind_checkpoint" ? " (the audit log ends before its mark)" : ""}: ${failure.rowsNow} rows up to the mark now, ${failure.rowsSigned} signed`
      );
  }
}

/** The list's entries: a file as it is, or every page of checkpoints.json from a URL, following `next`. */
async function readList(source: string): Promise<unknown[]> {
  const { parseCheckpointListDocument } = await import("../app/domain/transparency/index.server");
  if (!/^https?:\/\//i.test(source)) return parseCheckpointListDocument(await readSource(source, "the checkpoint list"));
  const entries: unknown[] = [];
  let page: URL | null = new URL(source);
  for (let pages = 0; page && pages < 100_000; pages++) {
    const text = await readSource(page.href, "the checkpoint list");
    const found = parseCheckpointListDocument(text);
    entries.push(...found);
    let next: unknown = null;
    try {
      next = (JSON.parse(text) as { next?: unknown }).next;
    } catch {
      next = null;
    }
    page = typeof next === "string" && found.length > 0 ? new URL(next, page) : null;
  }
  return entries;
}

/** What a witness remembers between runs (--state): the newest checkpoint it verified, by number and hash. */
interface WitnessState {
  seq: number;
  hash: string;
  checkedAt: string;
}

async function readState(file: string): Promise<WitnessState | null> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<WitnessState>;
  if (!Number.isInteger(parsed.seq) || typeof parsed.hash !== "string" || typeof parsed.checkedAt !== "string") throw new Error(`the state file ${file} is damaged; move it aside to start again`);
  return parsed as WitnessState;
}

/**
 * Whether the list reaches what the witness saw before and what it was told to expect; the first shortfall, named.
 * `entries` must already have passed the list's own checks (numbered 1, 2, 3 … in order).
 */
export function listShortfall(entries: readonly { checkpoint: { seq: number } }[], hashOf: (index: number) => string, seen: WitnessState | null, minSequence: number | undefined): string | null {
  const newest = entries.at(-1)?.checkpoint.seq ?? 0;
  if (seen && newest < seen.seq) return `Checkpoint #${seen.seq}, seen on ${seen.checkedAt}, is missing: the list ends at ${newest === 0 ? "nothing" : `#${newest}`} (it went backwards)`;
  if (seen && hashOf(seen.seq - 1) !== seen.hash) return `Checkpoint #${seen.seq} is not the one seen on ${seen.checkedAt}: the list was rewritten`;
  if (minSequence !== undefined && newest < minSequence) return `Checkpoint #${minSequence} is missing: the list ends at ${newest === 0 ? "nothing" : `#${newest}`} (--min-sequence ${minSequence})`;
  return null;
}

/** A file, or an http(s) URL fetched once. */
async function readSource(source: string, what: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(60_000), headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`${what}: ${source} answered ${response.status}`);
    return response.text();
  }
  return fs.readFile(source, "utf8");
}

function linesOf(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      checkpoints: { type: "string" },
      jwks: { type: "string" },
      export: { type: "string" },
      "database-url": { type: "string" },
      state: { type: "string" },
      "min-sequence": { type: "string" },
    },
    strict: true,
  });
  if (!values.checkpoints || !values.jwks || (values.export === undefined) === (values["database-url"] === undefined)) {
    throw new Error("usage: verify-checkpoints --checkpoints <file|url> --jwks <file|url> (--export <file> | --database-url <url>) [--state <file>] [--min-sequence <n>]");
  }
  const minSequence = values["min-sequence"] === undefined ? undefined : Number(values["min-sequence"]);
  if (minSequence !== undefined && (!Number.isInteger(minSequence) || minSequence < 1)) throw new Error(`--min-sequence must be a checkpoint number, 1 or more (got "${values["min-sequence"]}")`);
  const { verifyPublishedCheckpoints } = await import("../app/domain/transparency/index.server");
  const { parsePublicJwks } = await import("../app/domain/transparency/index.server");
  const { historyFromLines } = await import("../app/domain/transparency/index.server");
  const { publishedCheckpointHashOf } = await import("../app/domain/transparency/index.server");

  const entries = await readList(values.checkpoints);
  const seen = values.state === undefined ? null : await readState(values.state);
  let jwksJson: unknown;
  try {
    jwksJson = JSON.parse(await readSource(values.jwks, "the JWK set"));
  } catch (error) {
    throw new Error(`the JWK set is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const jwks = await parsePublicJwks(jwksJson);

  const verify = async (exportFile: string) => verifyPublishedCheckpoints({ entries, jwks, history: historyFromLines(linesOf(exportFile)) });
  let verdict: PublishedCheckpointsVerdict;
  if (values.export !== undefined) {
    await fs.access(values.export);
    verdict = await verify(values.export);
  } else {
    // Read through the same export, into a private temporary file: the database is read once, in one snapshot.
    process.env.DATABASE_URL = values["database-url"];
    const { writeHistoryExport } = await import("./export-history");
    const { disconnectDatabase } = await import("../app/db.server");
    const folder = await fs.mkdtemp(path.join(tmpdir(), "tsunagi-history-"));
    try {
      const file = path.join(folder, "history.jsonl");
      await writeHistoryExport(file);
      verdict = await verify(file);
    } finally {
      await disconnectDatabase();
      await fs.rm(folder, { recursive: true, force: true });
    }
  }
  if (!verdict.ok) {
    console.error(describeVerdict(verdict));
    return 1;
  }
  // The list held on its own and against the history: now against what this witness saw before, and was told.
  const checked = entries as { checkpoint: PublishedCheckpoint }[];
  const shortfall = listShortfall(checked, (index) => (checked[index] ? publishedCheckpointHashOf(checked[index].checkpoint) : ""), seen, minSequence);
  if (shortfall) {
    console.error(shortfall);
    return 1;
  }
  console.log(describeVerdict(verdict));
  const newest = checked.at(-1);
  if (values.state !== undefined && newest) {
    const state: WitnessState = { seq: newest.checkpoint.seq, hash: publishedCheckpointHashOf(newest.checkpoint), checkedAt: new Date().toISOString() };
    const temporary = `${values.state}.${process.pid}.tmp`;
    await fs.writeFile(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    await fs.rename(temporary, values.state);
  }
  return 0;
}

if (isCommandEntry(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Checkpoint verification could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
