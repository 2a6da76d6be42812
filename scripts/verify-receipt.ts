/**
 * `npm run receipt:verify -- <receipt.jws> [--keys <jwks.json or URL>]` — checks a consent receipt (issue 32 item 2;
 * ADR 108) against the programme's published keys and says what it proves and what it does not. Offline with
 * `--keys` naming a saved copy of /consent-receipts/jwks.json; without it, that address on APP_URL is fetched.
 * Exit 0: the programme issued this receipt; 1: it did not (or it was altered); 2: the command was used wrongly.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { JSONWebKeySet } from "jose";
import { verifyConsentReceipt } from "../app/domain/consent/index.server";

const reasons = {
  malformed: "this is not a signed receipt (a compact JWS of three parts)",
  unknown_key: "no key the programme publishes signed it",
  bad_signature: "the signature does not match: the receipt was altered after it was signed, or signed by someone else",
  not_a_receipt: "it is signed, but what it signs is not a consent receipt",
} as const;

/** The check and its report, as lines to print and the exit code. */
export async function verifyReceiptText(jws: string, keys: JSONWebKeySet): Promise<{ code: 0 | 1; lines: string[] }> {
  const checked = await verifyConsentReceipt(jws, keys);
  if (!checked.ok) return { code: 1, lines: [`NOT VALID: ${reasons[checked.reason]}.`] };
  const record = checked.receipt["dpv:hasRecordOfActivity"];
  const last = record["dpv:hasConsentStatus"].at(-1);
  return {
    code: 0,
    lines: [
      `VALID: issued by ${record["dpv:hasDataController"]["dpv:hasName"]} (${record["dpv:hasDataController"]["@id"]}), signed with key ${checked.kid}.`,
      `  participant (pseudonym): ${record["dpv:hasDataSubject"]["dct:identifier"]}`,
      `  change: ${record["dct:identifier"]} at ${record["dct:created"]}${last ? ` — ${last["tsunagi:event"]} (${last["@type"][0]})` : ""}`,
      `  receipt issued: ${checked.receipt["dct:created"]}`,
      "What this proves: the programme issued this receipt, and it has not been changed since it was signed.",
      "What it does not prove: that this is still the participant's consent. A later change has its own receipt; the",
      "participant's history (or the programme's ledger) shows which change is the latest.",
    ],
  };
}

async function readKeys(source: string): Promise<JSONWebKeySet> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  }
  return JSON.parse(readFileSync(source, "utf8")) as JSONWebKeySet;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { keys: { type: "string" } }, allowPositionals: true });
  if (positionals.length !== 1) {
    console.error("Usage: npm run receipt:verify -- <receipt.jws> [--keys <jwks.json or https://…/consent-receipts/jwks.json>]");
    return 2;
  }
  const appUrl = (process.env.APP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const keys = await readKeys(values.keys ?? `${appUrl}/consent-receipts/jwks.json`);
  const { code, lines } = await verifyReceiptText(readFileSync(positionals[0]!, "utf8"), keys);
  for (const line of lines) console.log(line);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
