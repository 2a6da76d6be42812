#!/usr/bin/env node
// @ts-check
/**
 * tsunagi-gate: asks the Tsunagi pipeline bridge whether something may happen to a sample now, from a shell or a
 * workflow step. Exit 0 means the bridge allowed it AND its signed answer verified; anything else is not an allow.
 *
 * Zero dependencies on purpose: this one file is copied onto cluster nodes that have Node ≥ 20 and nothing else.
 * Signatures are checked with node:crypto against the bridge's JWKS (ES256, as docs/pipeline-bridge.md says).
 *
 * Exit codes: 0 allowed (or release signed), 1 denied (or nothing releasable), 2 usage error, 3 the bridge could not
 * be asked or its answer could not be trusted (unreachable, error status, timeout, bad signature, wrong answer).
 */
import { createHash, createPublicKey, verify as verifySignature } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

export const EXIT_ALLOWED = 0;
export const EXIT_DENIED = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNVERIFIED = 3;

const DEFAULT_URL = "http://localhost:3100";
const DEFAULT_TIMEOUT_SECONDS = 10;
/** A signed answer older (or further in the future) than this is refused, so an old allow cannot be replayed. */
const DEFAULT_MAX_AGE_SECONDS = 300;

// The contract's vocabularies (docs/pipeline-bridge.md); checked here so a typo is a usage error, not a deny.
export const GATE_ACTIONS = /** @type {const} */ ([
  "sequence",
  "analyze",
  "store",
  "share",
  "release",
  "distribute_specimen",
  "return_primary",
  "return_secondary",
  "recontact",
]);
export const RECIPIENTS = ["academia", "industry", "international", "public", "certified_producer", "regulator_pmda", "regulator_fda", "regulator_mhra", "regulator_ema"];
export const FINDINGS_CATEGORIES = ["hereditary_cancer", "other_actionable"];
export const RECONTACT_TOPICS = ["research", "findings_update"];
/** Sample codes and pseudonyms: one NATS subject token, as the outbox message schema allows. */
const SUBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
// A DUO id, or a purpose the programme defines in its shape (TSUNAGI:0000001, the 2024 law's; ADR 140).
const DUO_PATTERN = /^(?:DUO|TSUNAGI):[0-9]{7}$/;
const DATASET_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;
const RELEASE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;
/**
 * A release's answer in its detached form (ADR 160): the body is the payload's bytes exactly as signed, and this
 * header a JWS `header..signature` with `"b64": false` (RFC 7797) over them. The attached form (`application/json`,
 * the payload with a `jws` member) is still read until its sunset, 2027-05-31; this client asks for the detached one.
 */
export const RELEASE_MEDIA_TYPE_V2 = "application/vnd.tsunagi.release.v2+json";
const RELEASE_ACCEPT = `${RELEASE_MEDIA_TYPE_V2}, application/json;q=0.5`;
const RELEASE_JWS_HEADER = "tsunagi-jws";
const DETACHED_JWS_PATTERN = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/;

export const HELP = `tsunagi-gate — ask the Tsunagi pipeline bridge before touching a sample

Usage:
  tsunagi-gate check --action <action> --subject <sample|pseudonym> [--purpose DUO:0000006]
                     [--recipient academia|industry|international|public]
                     [--findings-category hereditary_cancer|other_actionable]
                     [--recontact-topic research|findings_update] [--json] [--quiet]
  tsunagi-gate check <action> <subject> [options]
  tsunagi-gate release --dataset <id> --recipient <recipient> --purpose <DUO id> [--approval <approval id>]
                       [--recipient-institution <name>]
                       (--samples S-1,S-2 | --samples-file <file|->) [--out manifest.json]
  tsunagi-gate release --show <release id> [--out manifest.json]
  tsunagi-gate checkpoints --checkpoints <url> --jwks <url|file> [--checkpoint-state <file>]

Actions: ${GATE_ACTIONS.join(", ")}

check     Exit 0 only when the bridge allowed the action and its signed answer verified against the bridge's
          /.well-known/jwks.json and answers exactly the question asked. Denials print the reason on stderr:
            tsunagi-gate: deny analyze S-… — withdrawn_no_further_use (consent v1.1, event …)
          --json prints the verified signed answer (with its jws) on stdout.
release   POST /v1/releases: the bridge keeps the samples consent allows now (action release, for this recipient
          and purpose, within the dataset's embargo clocks), signs the manifest and stores it. The verified manifest
          goes to --out or stdout as received; included/excluded counts by reason go to stderr. It is asked for in
          the detached form (ADR 160): the manifest's bytes exactly as signed, one line, and with --out its
          signature (RFC 7797, header..signature) in <out>.jws. A bridge that answers the attached form (until
          2027-05-31) is verified as before, and its answer written with its jws.
          --samples-file takes one sample per line ('-' = stdin; blank lines and # comments ignored).
          Every recipient but public needs --approval, the data-access approval the release is made under; the
          bridge refuses (signed; exit 1, the reason on stderr) one that is unknown, suspended, revoked, expired,
          not yet begun, or does not cover the dataset, recipient (--recipient-institution too, when given) or
          purpose.
          --show <id> fetches a stored manifest with a re-check signed now (which released samples may no longer
          be shipped), verifies both and prints them the same way (detached: the re-check on a second line, and
          its signature on the second line of <out>.jws).

checkpoints
          Verifies the programme's published checkpoint list (/transparency/checkpoints.json, every page): each
          entry signed by a key of --jwks, numbered 1, 2, 3 … and linked to the one before, and — against what this
          host saw last time (--checkpoint-state) — never shorter, never changed. A list that went backwards (a
          checkpoint it held before is missing or different: a rollback someone wants hidden) fails with exit 3,
          naming the checkpoint. Given with check or release (or TSUNAGI_GATE_CHECKPOINTS), the list is verified
          first and the step refused when it fails.
  --checkpoints <url>       the list (env TSUNAGI_GATE_CHECKPOINTS)
  --jwks <url|file>         its keys: /transparency/jwks.json, or a pinned copy (env TSUNAGI_GATE_CHECKPOINTS_JWKS)
  --checkpoint-state <file> what this host saw last (env TSUNAGI_GATE_CHECKPOINT_STATE,
                            default ~/.tsunagi-gate/checkpoints.json); keep it where every step on the host reads it

Connection:
  --url <url>          bridge address (env TSUNAGI_GATE_URL, default ${DEFAULT_URL})
  --token-file <file>  file holding the API token (else env TSUNAGI_GATE_TOKEN; one is required)
  --jwks-file <file>   pin the bridge's public keys instead of fetching them (env TSUNAGI_GATE_JWKS_FILE);
                       do this when the path to the bridge is not TLS, or a man in the middle could swap the keys.
                       A pinned file is never refreshed: add each rotated-in key to it before that key signs
                       (the bridge publishes a new key at least 10 minutes ahead; docs/operations.md)
  --timeout <seconds>  give up after this long, whole run (env TSUNAGI_GATE_TIMEOUT, default ${DEFAULT_TIMEOUT_SECONDS})
  --max-age <seconds>  refuse answers evaluated longer ago than this, against replays (default ${DEFAULT_MAX_AGE_SECONDS}; 0 = off)

Exit codes:
  0  allowed and verified (release: manifest signed and verified, even with samples excluded)
  1  denied (release: refused under its approval, or no sample could be included; --show: none is releasable any more)
  2  usage error
  3  bridge unreachable, timed out, answered an error, or its answer did not verify (fail closed)
`;

/** A mistake in how the command was called: exit 2. */
export class UsageError extends Error {}
/** The bridge could not be asked, or its answer cannot be trusted: exit 3. Never an allow. */
export class GateError extends Error {}

/**
 * @typedef {object} Connection
 * @property {string} url
 * @property {string} token
 * @property {string | undefined} jwksFile
 * @property {number} timeoutMs
 * @property {number} maxAgeMs
 * @property {CheckpointWatch | undefined} checkpoints
 *
 * @typedef {object} CheckpointWatch
 * @property {string} listUrl
 * @property {string} jwks
 * @property {string} stateFile
 *
 * @typedef {object} DecisionQuestion
 * @property {string} subject
 * @property {string} action
 * @property {string} [purpose]
 * @property {string} [recipient]
 * @property {string} [findingsCategory]
 * @property {string} [recontactTopic]
 *
 * @typedef {{ command: "help" }
 *   | { command: "check", connection: Connection, question: DecisionQuestion, json: boolean, quiet: boolean }
 *   | { command: "release", connection: Connection, out: string | undefined,
 *       request: { dataset: string, recipient: string, purpose: string, samples: string[], approval?: string, recipientInstitution?: string } }
 *   | { command: "show-release", connection: Connection, out: string | undefined, releaseId: string }
 *   | { command: "checkpoints", checkpoints: CheckpointWatch, timeoutMs: number }} Invocation
 *
 * @typedef {{ kty?: string, crv?: string, alg?: string, use?: string, kid?: string, x?: string, y?: string }} Jwk
 * @typedef {Record<string, unknown>} JsonObject
 */

// ── Arguments ───────────────────────────────────────────────────────────────────────────────────────────────

const valueFlags = new Set([
  "url",
  "token-file",
  "jwks-file",
  "timeout",
  "max-age",
  "action",
  "subject",
  "purpose",
  "recipient",
  "findings-category",
  "recontact-topic",
  "dataset",
  "samples",
  "samples-file",
  "out",
  "show",
  "approval",
  "recipient-institution",
  "checkpoints",
  "jwks",
  "checkpoint-state",
]);
const booleanFlags = new Set(["json", "quiet", "help"]);
const checkpointFlags = ["checkpoints", "jwks", "checkpoint-state"];
const flagsFor = {
  check: ["action", "subject", "purpose", "recipient", "findings-category", "recontact-topic", "json", "quiet", "max-age", ...checkpointFlags],
  release: ["dataset", "recipient", "purpose", "samples", "samples-file", "out", "show", "max-age", "approval", "recipient-institution", ...checkpointFlags],
  checkpoints: ["timeout", "help", ...checkpointFlags],
};
const connectionFlags = ["url", "token-file", "jwks-file", "timeout", "help"];

/**
 * @param {string[]} argv the arguments after the script name
 * @returns {{ positionals: string[], flags: Map<string, string | true> }}
 */
function splitArguments(argv) {
  /** @type {string[]} */
  const positionals = [];
  /** @type {Map<string, string | true>} */
  const flags = new Map();
  for (let index = 0; index < argv.length; index++) {
    const argument = /** @type {string} */ (argv[index]);
    if (argument === "-h") {
      flags.set("help", true);
      continue;
    }
    if (argument === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith("--")) {
      positionals.push(argument);
      continue;
    }
    const equals = argument.indexOf("=");
    const name = argument.slice(2, equals === -1 ? undefined : equals);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (booleanFlags.has(name)) {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    } else if (valueFlags.has(name)) {
      const value = equals === -1 ? argv[++index] : argument.slice(equals + 1);
      if (value === undefined || value === "") throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, flags };
}

/**
 * @param {Map<string, string | true>} flags
 * @param {string} name
 * @returns {string | undefined}
 */
function stringFlag(flags, name) {
  const value = flags.get(name);
  return typeof value === "string" ? value : undefined;
}

/**
 * @param {string | undefined} value
 * @param {string} what
 * @param {string[]} allowed
 */
function oneOf(value, what, allowed) {
  if (value !== undefined && !allowed.includes(value)) throw new UsageError(`${what} must be one of ${allowed.join(", ")} (got "${value}")`);
  return value;
}

/**
 * @param {string | undefined} value
 * @param {string} name
 * @param {number} fallback
 * @param {{ allowZero: boolean }} options
 */
function secondsOption(value, name, fallback, options) {
  if (value === undefined) return fallback * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !options.allowZero) || seconds > 86_400) {
    throw new UsageError(`${name} must be a number of seconds${options.allowZero ? "" : " above 0"} (got "${value}")`);
  }
  return seconds * 1000;
}

/**
 * @param {Map<string, string | true>} flags
 * @param {Record<string, string | undefined>} env
 * @param {(path: string) => string} readText
 * @returns {Connection}
 */
function connectionFrom(flags, env, readText) {
  const rawUrl = stringFlag(flags, "url") ?? (env.TSUNAGI_GATE_URL || DEFAULT_URL);
  let url;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`the bridge URL is not a URL: "${rawUrl}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`the bridge URL must be http or https: "${rawUrl}"`);
  const tokenFile = stringFlag(flags, "token-file");
  let token;
  if (tokenFile !== undefined) {
    try {
      token = readText(tokenFile).trim();
    } catch (error) {
      throw new UsageError(`cannot read --token-file ${tokenFile}: ${messageOf(error)}`);
    }
  } else {
    token = (env.TSUNAGI_GATE_TOKEN ?? "").trim();
  }
  if (!token) throw new UsageError("no API token: set TSUNAGI_GATE_TOKEN or pass --token-file");
  // Header injection guard; the bridge judges whether the token is any good.
  if (!/^[\x21-\x7e]+$/.test(token)) throw new UsageError("the API token contains spaces or unprintable characters");
  return {
    checkpoints: checkpointWatchFrom(flags, env),
    url: url.href.replace(/\/+$/, ""),
    token,
    jwksFile: stringFlag(flags, "jwks-file") ?? (env.TSUNAGI_GATE_JWKS_FILE || undefined),
    timeoutMs: secondsOption(stringFlag(flags, "timeout") ?? (env.TSUNAGI_GATE_TIMEOUT || undefined), "--timeout", DEFAULT_TIMEOUT_SECONDS, { allowZero: false }),
    maxAgeMs: secondsOption(stringFlag(flags, "max-age"), "--max-age", DEFAULT_MAX_AGE_SECONDS, { allowZero: true }),
  };
}

/**
 * The published checkpoint list to verify before a step, from the flags or the environment; undefined when none is named.
 * @param {Map<string, string | true>} flags
 * @param {Record<string, string | undefined>} env
 * @returns {CheckpointWatch | undefined}
 */
function checkpointWatchFrom(flags, env) {
  const listUrl = stringFlag(flags, "checkpoints") ?? (env.TSUNAGI_GATE_CHECKPOINTS || undefined);
  const jwks = stringFlag(flags, "jwks") ?? (env.TSUNAGI_GATE_CHECKPOINTS_JWKS || undefined);
  const stateFlag = stringFlag(flags, "checkpoint-state") ?? (env.TSUNAGI_GATE_CHECKPOINT_STATE || undefined);
  if (listUrl === undefined) {
    if (jwks !== undefined || stringFlag(flags, "checkpoint-state") !== undefined) throw new UsageError("--jwks and --checkpoint-state go with --checkpoints");
    return undefined;
  }
  let parsed;
  try {
    parsed = new URL(listUrl);
  } catch {
    throw new UsageError(`--checkpoints is not a URL: "${listUrl}"`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new UsageError(`--checkpoints must be http or https: "${listUrl}"`);
  if (jwks === undefined) throw new UsageError("--checkpoints needs --jwks (the list's keys: a URL, or a pinned file)");
  return { listUrl: parsed.href, jwks, stateFile: stateFlag ?? join(env.HOME || homedir(), ".tsunagi-gate", "checkpoints.json") };
}

/**
 * Sample codes from --samples (commas or whitespace) or a file (one a line, # comments).
 * @param {string} text
 * @returns {string[]}
 */
export function parseSampleList(text) {
  const samples = text
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .flatMap((line) => line.split(/[\s,]+/))
    .filter((sample) => sample !== "");
  for (const sample of samples) {
    if (!SUBJECT_PATTERN.test(sample)) throw new UsageError(`not a sample code: "${sample}"`);
  }
  return [...new Set(samples)];
}

/**
 * Reads the command line into what to do. Throws UsageError for anything it cannot make sense of.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @param {{ readText?: (path: string) => string }} [io]
 * @returns {Invocation}
 */
export function parseInvocation(argv, env, io = {}) {
  const readText = io.readText ?? ((path) => readFileSync(path === "-" ? 0 : path, "utf8"));
  const { positionals, flags } = splitArguments(argv);
  const [command, ...rest] = positionals;
  if (flags.has("help") || command === "help" || command === undefined) {
    if (command === undefined && !flags.has("help")) throw new UsageError("no command given");
    return { command: "help" };
  }
  if (command !== "check" && command !== "release" && command !== "checkpoints") throw new UsageError(`unknown command "${command}" (check, release or checkpoints)`);
  const allowedFlags = new Set(command === "checkpoints" ? flagsFor.checkpoints : [...connectionFlags, ...flagsFor[command]]);
  for (const name of flags.keys()) {
    if (!allowedFlags.has(name)) throw new UsageError(`--${name} does not apply to ${command}`);
  }

  if (command === "checkpoints") {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const checkpoints = checkpointWatchFrom(flags, env);
    if (!checkpoints) throw new UsageError("checkpoints needs --checkpoints <url> and --jwks <url|file>");
    const timeoutMs = secondsOption(stringFlag(flags, "timeout") ?? (env.TSUNAGI_GATE_TIMEOUT || undefined), "--timeout", DEFAULT_TIMEOUT_SECONDS, { allowZero: false });
    return { command: "checkpoints", checkpoints, timeoutMs };
  }

  if (command === "check") {
    if (rest.length > 2) throw new UsageError(`unexpected argument "${rest[2]}"`);
    const [positionalAction, positionalSubject] = rest;
    if (positionalAction !== undefined && flags.has("action")) throw new UsageError("the action is given twice (argument and --action)");
    if (positionalSubject !== undefined && flags.has("subject")) throw new UsageError("the subject is given twice (argument and --subject)");
    const action = positionalAction ?? stringFlag(flags, "action");
    const subject = positionalSubject ?? stringFlag(flags, "subject");
    if (action === undefined) throw new UsageError("check needs --action");
    if (subject === undefined) throw new UsageError("check needs --subject");
    oneOf(action, "the action", [...GATE_ACTIONS]);
    if (!SUBJECT_PATTERN.test(subject)) throw new UsageError(`not a sample code or pseudonym: "${subject}"`);
    const purpose = stringFlag(flags, "purpose");
    if (purpose !== undefined && !DUO_PATTERN.test(purpose)) throw new UsageError(`--purpose must be a DUO id like DUO:0000006, or TSUNAGI:0000001 (got "${purpose}")`);
    /** @type {DecisionQuestion} */
    const question = { subject, action };
    if (purpose !== undefined) question.purpose = purpose;
    const recipient = oneOf(stringFlag(flags, "recipient"), "--recipient", RECIPIENTS);
    if (recipient !== undefined) question.recipient = recipient;
    const findingsCategory = oneOf(stringFlag(flags, "findings-category"), "--findings-category", FINDINGS_CATEGORIES);
    if (findingsCategory !== undefined) question.findingsCategory = findingsCategory;
    const recontactTopic = oneOf(stringFlag(flags, "recontact-topic"), "--recontact-topic", RECONTACT_TOPICS);
    if (recontactTopic !== undefined) question.recontactTopic = recontactTopic;
    return { command: "check", connection: connectionFrom(flags, env, readText), question, json: flags.has("json"), quiet: flags.has("quiet") };
  }

  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const out = stringFlag(flags, "out");
  const show = stringFlag(flags, "show");
  if (show !== undefined) {
    for (const name of ["dataset", "recipient", "purpose", "samples", "samples-file", "approval", "recipient-institution"]) {
      if (flags.has(name)) throw new UsageError(`--show reads an existing release; --${name} does not apply`);
    }
    if (!RELEASE_ID_PATTERN.test(show)) throw new UsageError(`not a release id (the UUID the bridge issued): "${show}"`);
    return { command: "show-release", connection: connectionFrom(flags, env, readText), out, releaseId: show };
  }
  const dataset = stringFlag(flags, "dataset");
  const recipient = oneOf(stringFlag(flags, "recipient"), "--recipient", RECIPIENTS);
  const purpose = stringFlag(flags, "purpose");
  if (dataset === undefined) throw new UsageError("release needs --dataset");
  if (!DATASET_PATTERN.test(dataset)) throw new UsageError(`not a dataset id (lower-case letters, digits, and - _ . inside): "${dataset}"`);
  if (recipient === undefined) throw new UsageError("release needs --recipient");
  if (purpose === undefined) throw new UsageError("release needs --purpose");
  if (!DUO_PATTERN.test(purpose)) throw new UsageError(`--purpose must be a DUO id like DUO:0000006, or TSUNAGI:0000001 (got "${purpose}")`);
  const inline = stringFlag(flags, "samples");
  const file = stringFlag(flags, "samples-file");
  if ((inline === undefined) === (file === undefined)) throw new UsageError("release needs exactly one of --samples and --samples-file");
  let listText = inline ?? "";
  if (file !== undefined) {
    try {
      listText = readText(file);
    } catch (error) {
      throw new UsageError(`cannot read --samples-file ${file}: ${messageOf(error)}`);
    }
  }
  const samples = parseSampleList(listText);
  if (samples.length === 0) throw new UsageError("the sample list is empty");
  /** @type {Extract<Invocation, { command: "release" }>["request"]} */
  const request = { dataset, recipient, purpose, samples };
  const approval = stringFlag(flags, "approval");
  if (approval !== undefined) {
    if (!RELEASE_ID_PATTERN.test(approval)) throw new UsageError(`not an approval id (a UUID): "${approval}"`);
    request.approval = approval;
  }
  const institution = stringFlag(flags, "recipient-institution");
  if (institution !== undefined) {
    if (institution.trim() === "") throw new UsageError("--recipient-institution is empty");
    request.recipientInstitution = institution;
  }
  return { command: "release", connection: connectionFrom(flags, env, readText), out, request };
}

// ── Signatures ──────────────────────────────────────────────────────────────────────────────────────────────

/**
 * @param {unknown} value
 * @returns {value is JsonObject}
 */
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * @param {string} part
 * @param {string} what
 */
function decodeBase64urlJson(part, what) {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new GateError(`the answer's signature is malformed (${what} is not base64url JSON)`);
  }
}

/**
 * Verifies a compact ES256 JWS against a key set and returns its payload, parsed. Only ES256 on P-256 keys is
 * accepted: the algorithm comes from us, never from the token, so "none" or an HMAC trick cannot slip through.
 * @param {string} jws
 * @param {{ keys?: unknown }} jwks
 * @returns {unknown}
 */
export function verifyCompactJws(jws, jwks) {
  const parts = jws.split(".");
  if (parts.length !== 3 || !parts.every((part) => BASE64URL_PATTERN.test(part))) {
    throw new GateError("the answer's signature is malformed (not a compact JWS)");
  }
  const [encodedHeader, encodedPayload, encodedSignature] = /** @type {[string, string, string]} */ (parts);
  const header = decodeBase64urlJson(encodedHeader, "the header");
  if (!isObject(header) || header.alg !== "ES256") throw new GateError(`the answer is not signed with ES256 (alg ${isObject(header) ? String(header.alg) : "?"})`);
  // Extensions we do not understand would change what the signature means; refuse rather than ignore them.
  if (header.crit !== undefined || header.b64 !== undefined) throw new GateError("the answer's signature uses JWS extensions this client does not support");
  verifyEs256(header, Buffer.from(`${encodedHeader}.${encodedPayload}`, "ascii"), encodedSignature, jwks);
  return decodeBase64urlJson(encodedPayload, "the payload");
}

/**
 * Checks an ES256 signature over `signingInput` against the key set's P-256 keys (the one the header names, when it
 * names one); throws GateError when none verifies it.
 * @param {JsonObject} header
 * @param {Buffer} signingInput
 * @param {string} encodedSignature
 * @param {{ keys?: unknown }} jwks
 */
function verifyEs256(header, signingInput, encodedSignature, jwks) {
  const keys = Array.isArray(jwks.keys) ? jwks.keys : [];
  /** @type {Jwk[]} */
  const candidates = keys.filter(
    /** @returns {key is Jwk} */
    (key) =>
      isObject(key) &&
      key.kty === "EC" &&
      key.crv === "P-256" &&
      (key.alg === undefined || key.alg === "ES256") &&
      (key.use === undefined || key.use === "sig") &&
      (header.kid === undefined || key.kid === header.kid),
  );
  if (candidates.length === 0) {
    throw new GateError(`no ES256 key in the bridge's key set matches the answer's signature${header.kid === undefined ? "" : ` (kid ${String(header.kid)})`}`);
  }
  const signature = Buffer.from(encodedSignature, "base64url");
  const verified = candidates.some((jwk) => {
    try {
      const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, format: "jwk" });
      return signature.length === 64 && verifySignature("sha256", signingInput, { key, dsaEncoding: "ieee-p1363" }, signature);
    } catch {
      return false;
    }
  });
  if (!verified) throw new GateError("the answer's signature does not verify against the bridge's keys");
}

/**
 * Verifies a release answered in the detached form: `detached` is the `Tsunagi-Jws` header, `header..signature`, an
 * ES256 JWS whose protected header says `"b64": false` and lists "b64" in `crit` (RFC 7797), and whose payload is
 * `payload`, the body's bytes exactly as received. Refused: a header that does not say b64 false (an attached-form
 * signature moved into the header), one whose crit does not list b64 (a verifier unaware of b64 would read the payload
 * another way), or any other extension. Returns the payload, parsed.
 * @param {string} detached
 * @param {Buffer} payload
 * @param {{ keys?: unknown }} jwks
 * @returns {unknown}
 */
export function verifyDetachedJws(detached, payload, jwks) {
  const match = DETACHED_JWS_PATTERN.exec(detached);
  if (!match) throw new GateError("the answer's signature is malformed (not a detached compact JWS)");
  const [, encodedHeader, encodedSignature] = /** @type {[string, string, string]} */ (/** @type {unknown} */ (match));
  const header = decodeBase64urlJson(encodedHeader, "the header");
  if (!isObject(header) || header.alg !== "ES256") throw new GateError(`the answer is not signed with ES256 (alg ${isObject(header) ? String(header.alg) : "?"})`);
  if (header.b64 !== false) throw new GateError("the detached answer's signature is not over its bytes as they are (no \"b64\": false)");
  if (!Array.isArray(header.crit) || !header.crit.includes("b64")) throw new GateError("the answer's signature says \"b64\": false without listing it as critical");
  if (header.crit.length !== 1) throw new GateError("the answer's signature uses JWS extensions this client does not support");
  verifyEs256(header, Buffer.concat([Buffer.from(`${encodedHeader}.`, "ascii"), payload]), encodedSignature, jwks);
  let parsed;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(payload));
  } catch {
    throw new GateError("the answer's signed bytes are not JSON");
  }
  return parsed;
}

/**
 * A signed answer in either form, verified: detached when the bridge says so by its media type (the payload is the
 * body's bytes, the signature its header), attached otherwise (the body without `jws` must be the payload).
 * @param {Answer} answer
 * @param {{ keys?: unknown }} jwks
 * @returns {{ payload: JsonObject, form: "attached" | "detached" }}
 */
export function verifyAnswer(answer, jwks) {
  if (!isDetachedAnswer(answer)) return { payload: verifySignedBody(answer.body, jwks), form: "attached" };
  const detached = answer.headers.get(RELEASE_JWS_HEADER);
  if (!detached) throw new GateError("the bridge's answer is not signed (no Tsunagi-Jws)");
  const payload = verifyDetachedJws(detached, answer.bytes, jwks);
  if (!isObject(payload)) throw new GateError("the bridge's answer is not a JSON object");
  return { payload, form: "detached" };
}

/**
 * @param {{ headers: Headers }} answer
 */
function isDetachedAnswer(answer) {
  return (answer.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() === RELEASE_MEDIA_TYPE_V2;
}


/**
 * The body minus `jws` must be exactly the signed payload; from here on only the signed payload is used.
 * @param {unknown} body
 * @param {{ keys?: unknown }} jwks
 * @returns {JsonObject}
 */
export function verifySignedBody(body, jwks) {
  if (!isObject(body)) throw new GateError("the bridge's answer is not a JSON object");
  const { jws, ...unsigned } = body;
  if (typeof jws !== "string" || jws === "") throw new GateError("the bridge's answer is not signed (no jws)");
  const payload = verifyCompactJws(jws, jwks);
  if (!isObject(payload) || !isDeepStrictEqual(payload, unsigned)) {
    throw new GateError("the bridge's answer differs from what it signed (altered in transit?)");
  }
  return payload;
}

/**
 * @param {unknown} asked
 * @param {unknown} answered
 */
function sameOptional(asked, answered) {
  return (asked ?? null) === (answered ?? null);
}

/**
 * @param {JsonObject} payload
 * @param {number} maxAgeMs
 * @param {number} now
 */
function checkFreshness(payload, maxAgeMs, now) {
  if (maxAgeMs === 0) return;
  const evaluatedAt = typeof payload.evaluatedAt === "string" ? Date.parse(payload.evaluatedAt) : Number.NaN;
  if (Number.isNaN(evaluatedAt)) throw new GateError("the signed answer carries no evaluation time");
  if (Math.abs(now - evaluatedAt) > maxAgeMs) {
    throw new GateError(`the signed answer was evaluated at ${String(payload.evaluatedAt)}, more than ${maxAgeMs / 1000} s from this machine's clock (replayed, or a clock is wrong)`);
  }
}

/**
 * Checks that a verified decision answer is the answer to the question asked (a signed answer to another
 * question, replayed, would verify just as well) and returns that one decision.
 * @param {JsonObject} payload
 * @param {DecisionQuestion} question
 * @param {{ maxAgeMs: number, now: number }} options
 * @returns {JsonObject & { allowed: boolean }}
 */
export function decisionAnswering(payload, question, options) {
  const decisions = payload.decisions;
  if (!Array.isArray(decisions) || decisions.length !== 1) throw new GateError("the signed answer does not hold exactly one decision");
  const decision = decisions[0];
  if (!isObject(decision) || typeof decision.allowed !== "boolean") throw new GateError("the signed decision has no allowed/denied answer");
  const mismatched = /** @type {(keyof DecisionQuestion)[]} */ (["subject", "action", "purpose", "recipient", "findingsCategory", "recontactTopic"]).filter(
    (field) => !sameOptional(question[field], decision[field]),
  );
  if (mismatched.length > 0) {
    throw new GateError(`the signed decision answers a different question (${mismatched.map((field) => `${field} ${JSON.stringify(decision[field] ?? null)}`).join(", ")})`);
  }
  checkFreshness(payload, options.maxAgeMs, options.now);
  return /** @type {JsonObject & { allowed: boolean }} */ (decision);
}

// ── HTTP ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
  if (error instanceof Error) {
    const cause = /** @type {{ cause?: { code?: string, message?: string } }} */ (error).cause;
    if (cause?.code) return `${error.message} (${cause.code})`;
    if (cause?.message) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

/**
 * @typedef {{ status: number, body: unknown, text: string, bytes: Buffer, headers: Headers }} Answer
 */

/**
 * One request to the bridge, inside the run's deadline. Any failure to get a JSON answer is a GateError. The body is
 * kept as the bytes received too: in a release's detached form they are what is signed.
 * @param {Connection} connection
 * @param {AbortSignal} signal
 * @param {"GET" | "POST"} method
 * @param {string} path
 * @param {{ body?: unknown, authorized?: boolean, fresh?: boolean, accept?: string }} [options]
 * @returns {Promise<Answer>}
 */
async function requestBridge(connection, signal, method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: options.accept ?? "application/json" };
  if (options.authorized !== false) headers.Authorization = `Bearer ${connection.token}`;
  // Asks every cache on the way to pass the request on rather than answer from a stored copy.
  if (options.fresh) headers["Cache-Control"] = "no-cache";
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const target = `${connection.url}${path}`;
  let response;
  let bytes;
  try {
    response = await fetch(target, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
      redirect: "error",
    });
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    if (signal.aborted) throw new GateError(`no answer from the bridge at ${connection.url} within ${connection.timeoutMs / 1000} s`);
    throw new GateError(`the bridge at ${connection.url} is unreachable: ${messageOf(error)}`);
  }
  const text = bytes.toString("utf8");
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GateError(`the bridge answered ${method} ${path} with ${response.status} and a body that is not JSON`);
  }
  return { status: response.status, body, text, bytes, headers: response.headers };
}

/**
 * @param {string} what
 * @param {{ status: number, body: unknown }} answer
 */
function refusal(what, answer) {
  const body = isObject(answer.body) ? answer.body : {};
  const detail = [body.error, body.reason].filter((part) => typeof part === "string").join(": ");
  return new GateError(`the bridge refused ${what}: ${answer.status}${detail ? ` ${detail}` : ""}`);
}

/**
 * The bridge's public keys: pinned from a file when given (so whoever sits between us and the bridge cannot hand
 * us their own), else fetched from the bridge.
 * @param {Connection} connection
 * @param {AbortSignal} signal
 * @param {{ fresh?: boolean }} [options]
 * @returns {Promise<{ keys?: unknown }>}
 */
async function loadKeySet(connection, signal, options = {}) {
  if (connection.jwksFile !== undefined) {
    let parsed;
    try {
      parsed = JSON.parse(readFileSync(connection.jwksFile, "utf8"));
    } catch (error) {
      throw new GateError(`cannot read the pinned key set ${connection.jwksFile}: ${messageOf(error)}`);
    }
    if (!isObject(parsed)) throw new GateError(`the pinned key set ${connection.jwksFile} is not a JWKS`);
    return parsed;
  }
  const answer = await requestBridge(connection, signal, "GET", "/.well-known/jwks.json", { authorized: false, fresh: options.fresh });
  if (answer.status !== 200 || !isObject(answer.body)) throw refusal("the key set request", answer);
  return answer.body;
}

/**
 * The kid in a signed body's JWS header (or in `detached`, a detached-form answer's Tsunagi-Jws), when it names one.
 * @param {unknown} body
 * @param {string | undefined} [detached]
 * @returns {string | undefined}
 */
export function signingKidOf(body, detached = undefined) {
  const jws = detached ?? (isObject(body) && typeof body.jws === "string" ? body.jws : undefined);
  if (jws === undefined) return undefined;
  try {
    const header = JSON.parse(Buffer.from(jws.split(".")[0] ?? "", "base64url").toString("utf8"));
    return isObject(header) && typeof header.kid === "string" ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key set to verify `body` with: `keySet`, unless the answer names a key (kid) the set lacks and the set was
 * fetched, not pinned; then the set is fetched once more, past any cache. A rotated-in key is published long before it
 * signs (ADR 054), so a set without it is a stale copy — a cache's, or a replica's that had not yet re-read its file —
 * and a valid answer must not be rejected over it. Still only the bridge's published keys are believed.
 * @param {unknown} body a signed body, or a whole answer (whose signature may be in its header)
 * @param {{ keys?: unknown }} keySet
 * @param {Connection} connection
 * @param {AbortSignal} signal
 * @returns {Promise<{ keys?: unknown }>}
 */
async function keySetFor(body, keySet, connection, signal) {
  if (connection.jwksFile !== undefined) return keySet;
  const kid = isAnswer(body) ? signingKidOf(body.body, isDetachedAnswer(body) ? (body.headers.get(RELEASE_JWS_HEADER) ?? undefined) : undefined) : signingKidOf(body);
  const keys = Array.isArray(keySet.keys) ? keySet.keys : [];
  if (kid === undefined || keys.some((key) => isObject(key) && key.kid === kid)) return keySet;
  return loadKeySet(connection, signal, { fresh: true });
}

/**
 * @param {unknown} value
 * @returns {value is Answer}
 */
function isAnswer(value) {
  return isObject(value) && value.headers instanceof Headers && Buffer.isBuffer(value.bytes);
}

// ── Commands ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * @typedef {object} Io
 * @property {(text: string) => void} stdout
 * @property {(text: string) => void} stderr
 * @property {(path: string, text: string) => void} writeFile
 * @property {() => number} now
 */

/**
 * @param {JsonObject} decision
 * @param {DecisionQuestion} question
 */
export function describeDecision(decision, question) {
  const basis = [];
  if (typeof decision.consentVersion === "string") basis.push(`consent v${decision.consentVersion}`);
  if (typeof decision.eventId === "string") basis.push(`event ${decision.eventId}`);
  const verdict = decision.allowed === true ? "allow" : "deny";
  return `tsunagi-gate: ${verdict} ${question.action} ${question.subject} — ${String(decision.reason ?? "no reason given")}${basis.length ? ` (${basis.join(", ")})` : ""}`;
}

// ── Published checkpoints ──────────────────────────────────────────────────────────────────────────────────

const GENESIS = "0".repeat(64);
const PUBLISHED_CHECKPOINT_TYPE = "tsunagi-published-checkpoint";
/** Pages read at most in one run: a million checkpoints, two years at one a minute; a longer list is read across runs. */
const MAX_CHECKPOINT_PAGES = 1000;

/**
 * @param {string} source a URL or a file
 * @param {AbortSignal} signal
 * @param {string} what
 * @returns {Promise<unknown>}
 */
async function loadJson(source, signal, what) {
  let text;
  if (/^https?:\/\//i.test(source)) {
    let response;
    try {
      response = await fetch(source, { headers: { Accept: "application/json", "Cache-Control": "no-cache" }, signal, redirect: "error" });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new GateError(`no answer for ${what} from ${source} in time`);
      throw new GateError(`${what} at ${source} is unreachable: ${messageOf(error)}`);
    }
    if (response.status !== 200) throw new GateError(`${what} at ${source} answered ${response.status}`);
  } else {
    try {
      text = readFileSync(source, "utf8");
    } catch (error) {
      throw new GateError(`cannot read ${what} ${source}: ${messageOf(error)}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new GateError(`${what} at ${source} is not JSON`);
  }
}

/**
 * What this host saw of a list last time: the newest checkpoint's number and the SHA-256 of its signed bytes.
 * @param {string} file
 * @param {string} listUrl
 * @returns {{ seq: number, hash: string, checkedAt: string } | null}
 */
function readCheckpointState(file, listUrl) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code === "ENOENT") return null;
    throw new GateError(`cannot read the checkpoint state ${file}: ${messageOf(error)}`);
  }
  const seen = isObject(parsed) && isObject(parsed.lists) ? parsed.lists[listUrl] : undefined;
  if (seen === undefined) return null;
  if (!isObject(seen) || !Number.isInteger(seen.seq) || typeof seen.hash !== "string" || typeof seen.checkedAt !== "string") {
    throw new GateError(`the checkpoint state ${file} is damaged; it is not rewritten: move it aside to start again`);
  }
  return { seq: /** @type {number} */ (seen.seq), hash: seen.hash, checkedAt: seen.checkedAt };
}

/**
 * @param {string} file
 * @param {string} listUrl
 * @param {{ seq: number, hash: string, checkedAt: string }} seen
 */
function writeCheckpointState(file, listUrl, seen) {
  let lists = {};
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    if (isObject(parsed) && isObject(parsed.lists)) lists = parsed.lists;
  } catch {
    // first run
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ lists: { ...lists, [listUrl]: seen } }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * One entry of the list, checked: signed by a key of the set as a published checkpoint, the statement shown equal to
 * the signed one, numbered `seq` and linked to the one before. Returns the SHA-256 of its signed bytes (the next link).
 * @param {unknown} entry
 * @param {number} seq
 * @param {string | null} previousHash null: the entry before is not at hand (the first one read after what was seen)
 * @param {{ keys?: unknown }} jwks
 * @returns {{ hash: string, statement: JsonObject }}
 */
export function checkPublishedEntry(entry, seq, previousHash, jwks) {
  if (!isObject(entry) || typeof entry.jws !== "string" || !isObject(entry.checkpoint)) throw new GateError(`checkpoint #${seq} is not a signed checkpoint entry`);
  const parts = entry.jws.split(".");
  const header = parts.length === 3 ? decodeBase64urlJsonOrNull(parts[0] ?? "") : null;
  if (!isObject(header) || header.typ !== PUBLISHED_CHECKPOINT_TYPE) throw new GateError(`checkpoint #${seq}'s JWS is not a published-checkpoint signature`);
  let statement;
  try {
    statement = verifyCompactJws(entry.jws, jwks);
  } catch (error) {
    throw new GateError(`checkpoint #${seq}: ${messageOf(error).replace("the answer's signature", "its signature").replace("the answer", "it")}`);
  }
  if (!isObject(statement) || !isDeepStrictEqual(statement, entry.checkpoint)) throw new GateError(`checkpoint #${seq}: the statement shown is not the one its JWS signs`);
  if (statement.seq !== seq) throw new GateError(`checkpoint #${seq} is numbered #${String(statement.seq)}: an entry was removed, repeated or moved`);
  if (previousHash !== null && statement.previous !== previousHash) throw new GateError(`checkpoint #${seq} does not link to checkpoint #${seq - 1}`);
  const hash = createHash("sha256").update(Buffer.from(/** @type {string} */ (parts[1]), "base64url")).digest("hex");
  return { hash, statement };
}

/**
 * @param {string} part
 * @returns {unknown}
 */
function decodeBase64urlJsonOrNull(part) {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/**
 * Reads the list from the newest checkpoint this host saw (every page from there, following `next`), verifies it and
 * remembers the newest. Throws GateError when anything is wrong — above all when the list went backwards: the
 * checkpoint seen last time is missing or has changed.
 * @param {CheckpointWatch} watch
 * @param {AbortSignal} signal
 * @param {() => number} now
 * @returns {Promise<{ seq: number, from: number }>}
 */
export async function verifyPublishedCheckpoints(watch, signal, now) {
  const seen = readCheckpointState(watch.stateFile, watch.listUrl);
  const jwks = await loadJson(watch.jwks, signal, "the checkpoint key set");
  if (!isObject(jwks)) throw new GateError("the checkpoint key set is not a JWKS");
  const start = seen ? seen.seq - 1 : 0;
  let page = new URL(watch.listUrl);
  page.searchParams.set("after", String(start));
  let expected = start + 1;
  /** @type {string | null} */
  let previousHash = start === 0 ? GENESIS : null;
  /** What the list says it holds, when it says so (checkpoints.json's `total`). */
  let total;
  for (let pages = 0; pages < MAX_CHECKPOINT_PAGES; pages++) {
    const body = await loadJson(page.href, signal, "the checkpoint list");
    if (!isObject(body) || !Array.isArray(body.checkpoints)) throw new GateError(`the checkpoint list at ${page.href} is not a checkpoint list`);
    if (Number.isInteger(body.total)) total = /** @type {number} */ (body.total);
    for (const entry of body.checkpoints) {
      const { hash } = checkPublishedEntry(entry, expected, previousHash, jwks);
      if (seen && expected === seen.seq && hash !== seen.hash) {
        throw new GateError(`the published checkpoint list changed: checkpoint #${seen.seq} is not the one seen on ${seen.checkedAt}`);
      }
      previousHash = hash;
      expected++;
    }
    if (typeof body.next !== "string" || body.checkpoints.length === 0) break;
    page = new URL(body.next, page);
  }
  const newest = expected - 1;
  // Reading began at the checkpoint seen last time: if it was not there, the list is shorter than it was.
  if (seen && newest < seen.seq) {
    const end = total === undefined ? "the list does not reach it" : total === 0 ? "the list is empty" : `the list ends at #${total}`;
    throw new GateError(`the published checkpoint list went backwards: checkpoint #${seen.seq}, seen on ${seen.checkedAt}, is missing (${end})`);
  }
  if (newest > 0 && previousHash !== null) writeCheckpointState(watch.stateFile, watch.listUrl, { seq: newest, hash: previousHash, checkedAt: new Date(now()).toISOString() });
  return { seq: newest, from: start + 1 };
}

/**
 * @param {Extract<Invocation, { command: "checkpoints" }>} invocation
 * @param {AbortSignal} signal
 * @param {Io} io
 * @returns {Promise<number>}
 */
async function runCheckpoints(invocation, signal, io) {
  const { seq, from } = await verifyPublishedCheckpoints(invocation.checkpoints, signal, io.now);
  io.stderr(seq === 0 ? "tsunagi-gate: no checkpoint published yet\n" : `tsunagi-gate: checkpoint list verified through #${seq} (read from #${from})\n`);
  return EXIT_ALLOWED;
}

/**
 * @param {Extract<Invocation, { command: "check" }>} invocation
 * @param {AbortSignal} signal
 * @param {Io} io
 * @returns {Promise<number>}
 */
async function runCheck(invocation, signal, io) {
  const { connection, question } = invocation;
  const [keySet, answer] = await Promise.all([
    loadKeySet(connection, signal),
    requestBridge(connection, signal, "POST", "/v1/decisions", { body: question }),
  ]);
  if (answer.status !== 200) throw refusal(`the decision request`, answer);
  const payload = verifySignedBody(answer.body, await keySetFor(answer.body, keySet, connection, signal));
  const decision = decisionAnswering(payload, question, { maxAgeMs: connection.maxAgeMs, now: io.now() });
  // Printed as received: the signed payload's own bytes, so whoever keeps it can verify it again later.
  if (invocation.json) io.stdout(`${answer.text.trim()}\n`);
  if (decision.allowed) {
    if (!invocation.quiet) io.stderr(`${describeDecision(decision, question)}\n`);
    return EXIT_ALLOWED;
  }
  io.stderr(`${describeDecision(decision, question)}\n`);
  return EXIT_DENIED;
}

/**
 * @param {unknown} counts
 * @returns {Map<string, number>}
 */
function countsByReason(counts) {
  /** @type {Map<string, number>} */
  const byReason = new Map();
  if (!isObject(counts)) throw new GateError("the signed manifest has no counts of excluded samples by reason");
  for (const [reason, count] of Object.entries(counts)) {
    if (!Number.isInteger(count) || /** @type {number} */ (count) < 0) throw new GateError(`the signed manifest counts ${reason} as ${JSON.stringify(count)}`);
    byReason.set(reason, /** @type {number} */ (count));
  }
  return byReason;
}

/**
 * @param {Map<string, number>} byReason
 */
function describeCounts(byReason) {
  const total = [...byReason.values()].reduce((sum, count) => sum + count, 0);
  const reasons = [...byReason.entries()].map(([reason, count]) => `${reason} ${count}`).join(", ");
  return `${total}${reasons ? ` (${reasons})` : ""}`;
}

/**
 * A verified manifest's included samples and excluded counts, after checking they add up: every sample asked for
 * is either included or counted under a reason, and nothing is included that was not asked for.
 * @param {JsonObject} manifest
 * @param {string[] | undefined} requested the samples sent, when this run sent them
 */
export function summarizeManifest(manifest, requested) {
  const included = manifest.included;
  if (!Array.isArray(included) || !included.every((sample) => typeof sample === "string")) throw new GateError("the signed manifest has no list of included samples");
  const byReason = countsByReason(manifest.excludedCounts);
  const excluded = [...byReason.values()].reduce((sum, count) => sum + count, 0);
  if (manifest.includedCount !== included.length || manifest.requestedCount !== included.length + excluded) {
    throw new GateError("the signed manifest's counts do not add up (requested ≠ included + excluded)");
  }
  if (requested !== undefined) {
    const asked = new Set(requested);
    if (manifest.requestedCount !== asked.size) throw new GateError(`the signed manifest is for ${String(manifest.requestedCount)} samples; ${asked.size} were sent`);
    const stranger = included.find((sample) => !asked.has(sample));
    if (stranger !== undefined) throw new GateError(`the signed manifest includes ${stranger}, which was not asked for`);
  }
  return { included: /** @type {string[]} */ (included), byReason };
}

/**
 * @param {JsonObject} manifest
 * @param {{ dataset?: string, recipient?: string, purpose?: string, releaseId?: string, approval?: string }} expected
 */
function checkManifestAnswers(manifest, expected) {
  const dataset = isObject(manifest.dataset) ? manifest.dataset.id : undefined;
  const mismatched = [];
  const approval = isObject(manifest.approval) ? manifest.approval.id : undefined;
  if (expected.approval !== undefined && approval !== expected.approval) mismatched.push(`approval ${JSON.stringify(approval ?? null)}`);
  if (typeof manifest.releaseId !== "string" || (expected.releaseId !== undefined && manifest.releaseId !== expected.releaseId)) mismatched.push(`release ${JSON.stringify(manifest.releaseId ?? null)}`);
  if (expected.dataset !== undefined && dataset !== expected.dataset) mismatched.push(`dataset ${JSON.stringify(dataset ?? null)}`);
  if (expected.recipient !== undefined && manifest.recipient !== expected.recipient) mismatched.push(`recipient ${JSON.stringify(manifest.recipient ?? null)}`);
  if (expected.purpose !== undefined && manifest.purpose !== expected.purpose) mismatched.push(`purpose ${JSON.stringify(manifest.purpose ?? null)}`);
  if (mismatched.length > 0) throw new GateError(`the signed manifest is for a different release (${mismatched.join(", ")})`);
}

/**
 * @param {JsonObject} payload
 * @param {string} field
 * @param {number} maxAgeMs
 * @param {number} now
 */
function checkFreshnessOf(payload, field, maxAgeMs, now) {
  checkFreshness({ evaluatedAt: payload[field] }, maxAgeMs, now);
}

/**
 * Writes what was verified as it was received, so that whoever keeps it can verify it again. Attached form: the body
 * (with its `jws`). Detached form: each signed payload's bytes on a line of its own (the manifest; with --show the
 * re-check after it), and with --out their signatures, line for line, in `<out>.jws`.
 * @param {{ out: string | undefined }} invocation
 * @param {Answer[]} answers
 * @param {Io} io
 */
function writeManifest(invocation, answers, io) {
  const detached = answers.every((answer) => isDetachedAnswer(answer));
  // JSON as the bridge writes it has no line breaks outside strings (escaped inside them): a line is one payload.
  const content = detached ? answers.map((answer) => `${answer.bytes.toString("utf8")}\n`).join("") : `${/** @type {Answer} */ (answers[0]).text.trim()}\n`;
  if (invocation.out === undefined || invocation.out === "-") return io.stdout(content);
  try {
    io.writeFile(invocation.out, content);
    if (detached) io.writeFile(`${invocation.out}.jws`, answers.map((answer) => `${answer.headers.get(RELEASE_JWS_HEADER)}\n`).join(""));
  } catch (error) {
    throw new GateError(`cannot write ${invocation.out}: ${messageOf(error)}`);
  }
}

/**
 * @param {{ out: string | undefined }} invocation
 */
function writtenTo(invocation) {
  return invocation.out && invocation.out !== "-" ? `; manifest written to ${invocation.out}` : "";
}

/**
 * @param {Extract<Invocation, { command: "release" }>} invocation
 * @param {AbortSignal} signal
 * @param {Io} io
 */
async function runRelease(invocation, signal, io) {
  const { connection, request } = invocation;
  const [fetchedKeySet, answer] = await Promise.all([
    loadKeySet(connection, signal),
    requestBridge(connection, signal, "POST", "/v1/releases", { body: request, accept: RELEASE_ACCEPT }),
  ]);
  const keySet = await keySetFor(answer, fetchedKeySet, connection, signal);
  if (answer.status === 403 && isObject(answer.body) && answer.body.error === "release_denied") {
    // Refused under its approval: signed like any answer, so verified before it is believed (and reported).
    const denial = verifySignedBody(answer.body, keySet);
    /** @type {string[]} */
    const mismatched = [];
    if (denial.dataset !== request.dataset) mismatched.push("dataset");
    if (denial.recipient !== request.recipient) mismatched.push("recipient");
    if (denial.purpose !== request.purpose) mismatched.push("purpose");
    if ((denial.approval ?? undefined) !== request.approval) mismatched.push("approval");
    if (mismatched.length > 0) throw new GateError(`the signed refusal is for a different release (${mismatched.join(", ")})`);
    checkFreshnessOf(denial, "evaluatedAt", connection.maxAgeMs, io.now());
    const under = request.approval === undefined ? "no approval named" : `approval ${request.approval}${typeof denial.approvalVersion === "number" ? ` v${denial.approvalVersion}` : ""}`;
    io.stderr(`tsunagi-gate: release of ${request.dataset} to ${request.recipient} denied — ${String(denial.reason)} (${under})\n`);
    return EXIT_DENIED;
  }
  if (answer.status !== 201 && answer.status !== 200) throw refusal("the release", answer);
  const { payload: manifest } = verifyAnswer(answer, keySet);
  checkManifestAnswers(manifest, request);
  const { included, byReason } = summarizeManifest(manifest, request.samples);
  checkFreshnessOf(manifest, "createdAt", connection.maxAgeMs, io.now());
  writeManifest(invocation, [answer], io);
  io.stderr(`tsunagi-gate: release ${String(manifest.releaseId)} of ${request.dataset} to ${request.recipient} — included ${included.length}, excluded ${describeCounts(byReason)}${writtenTo(invocation)}\n`);
  return included.length > 0 ? EXIT_ALLOWED : EXIT_DENIED;
}

/**
 * GET /v1/releases/{id}: the stored manifest with its signature, and a re-check signed now, each verified on its own.
 * Asked for in the detached form, the manifest comes alone and the re-check from GET /v1/releases/{id}/recheck; a
 * bridge from before ADR 160 answers the attached form, the re-check inside it.
 * @param {Extract<Invocation, { command: "show-release" }>} invocation
 * @param {AbortSignal} signal
 * @param {Io} io
 */
async function runShowRelease(invocation, signal, io) {
  const { connection, releaseId } = invocation;
  const [fetchedKeySet, answer] = await Promise.all([
    loadKeySet(connection, signal),
    requestBridge(connection, signal, "GET", `/v1/releases/${releaseId}`, { accept: RELEASE_ACCEPT }),
  ]);
  if (answer.status !== 200) throw refusal("it", answer);
  if (!isObject(answer.body)) throw new GateError("the bridge's answer is not a JSON object");
  // The stored manifest may be signed by a retired key, the re-check by one rotated in since: each may need a fresh set.
  let keySet = await keySetFor(answer, fetchedKeySet, connection, signal);
  /** @type {JsonObject} */
  let manifest;
  /** @type {JsonObject} */
  let recheck;
  /** @type {Answer[]} */
  let written = [answer];
  if (isDetachedAnswer(answer)) {
    manifest = verifyAnswer(answer, keySet).payload;
    const rechecked = await requestBridge(connection, signal, "GET", `/v1/releases/${releaseId}/recheck`, { accept: RELEASE_ACCEPT });
    if (rechecked.status !== 200) throw refusal("its re-check", rechecked);
    keySet = await keySetFor(rechecked, keySet, connection, signal);
    const verified = verifyAnswer(rechecked, keySet);
    if (verified.form !== "detached") throw new GateError("the re-check came in another form than the manifest");
    recheck = verified.payload;
    written = [answer, rechecked];
  } else {
    const { recheck: signedRecheck, ...stored } = answer.body;
    manifest = verifySignedBody(stored, keySet);
    keySet = await keySetFor(signedRecheck, keySet, connection, signal);
    recheck = verifySignedBody(signedRecheck, keySet);
  }
  checkManifestAnswers(manifest, { releaseId });
  const { included, byReason } = summarizeManifest(manifest, undefined);
  if (recheck.releaseId !== releaseId) throw new GateError(`the signed re-check is for release ${JSON.stringify(recheck.releaseId ?? null)}`);
  checkFreshnessOf(recheck, "evaluatedAt", connection.maxAgeMs, io.now());
  const excludedSince = recheck.excludedSince;
  const sinceCounts = countsByReason(recheck.excludedSinceCounts);
  const released = new Set(included);
  if (!Array.isArray(excludedSince) || !excludedSince.every((sample) => typeof sample === "string" && released.has(sample))) {
    throw new GateError("the signed re-check names samples the release did not include");
  }
  const sinceTotal = [...sinceCounts.values()].reduce((sum, count) => sum + count, 0);
  if (sinceTotal !== excludedSince.length || recheck.stillIncludedCount !== included.length - excludedSince.length) {
    throw new GateError("the signed re-check's counts do not add up");
  }
  writeManifest(invocation, written, io);
  io.stderr(
    `tsunagi-gate: release ${releaseId} (${String(manifest.createdAt)}) — included ${included.length}, excluded ${describeCounts(byReason)}; ` +
      `re-checked ${String(recheck.evaluatedAt)}: still releasable ${String(recheck.stillIncludedCount)}, excluded since ${describeCounts(sinceCounts)}${writtenTo(invocation)}\n`,
  );
  return recheck.stillIncludedCount === 0 ? EXIT_DENIED : EXIT_ALLOWED;
}

/**
 * Runs one invocation of the CLI and returns its exit code; never throws.
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} env
 * @param {Io} io
 * @returns {Promise<number>}
 */
export async function runGate(argv, env, io) {
  let invocation;
  try {
    invocation = parseInvocation(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`tsunagi-gate: ${error.message}\nRun tsunagi-gate --help for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (invocation.command === "help") {
    io.stdout(HELP);
    return EXIT_ALLOWED;
  }
  const signal = AbortSignal.timeout(invocation.command === "checkpoints" ? invocation.timeoutMs : invocation.connection.timeoutMs);
  try {
    if (invocation.command === "checkpoints") return await runCheckpoints(invocation, signal, io);
    // A step runs only when the published list has not gone backwards since this host last looked (issue 27).
    if (invocation.connection.checkpoints) await verifyPublishedCheckpoints(invocation.connection.checkpoints, signal, io.now);
    if (invocation.command === "check") return await runCheck(invocation, signal, io);
    if (invocation.command === "release") return await runRelease(invocation, signal, io);
    return await runShowRelease(invocation, signal, io);
  } catch (error) {
    // Fail closed: whatever went wrong, the answer is "not allowed", with the reason for whoever reads the log.
    const subject =
      invocation.command === "checkpoints"
        ? "the published checkpoint list"
        : invocation.command === "check"
          ? `${invocation.question.action} ${invocation.question.subject}`
          : invocation.command === "release"
            ? `release of ${invocation.request.dataset}`
            : `release ${invocation.releaseId}`;
    io.stderr(`tsunagi-gate: cannot verify ${subject} — ${error instanceof GateError ? error.message : messageOf(error)}\n`);
    return EXIT_UNVERIFIED;
  }
}

/**
 * @param {NodeJS.WriteStream} stream
 * @param {string} text
 * @returns {Promise<void>}
 */
function writeTo(stream, text) {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  /** @type {Promise<void>[]} */
  const writes = [];
  const code = await runGate(process.argv.slice(2), process.env, {
    stdout: (text) => void writes.push(writeTo(process.stdout, text)),
    stderr: (text) => void writes.push(writeTo(process.stderr, text)),
    writeFile: (path, text) => writeFileSync(path, text),
    now: () => Date.now(),
  });
  await Promise.all(writes);
  process.exit(code);
}
