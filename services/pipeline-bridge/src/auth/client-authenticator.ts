import type pg from "pg";
import { parseApiToken } from "@tsunagi/consent-rules/api-token-format";
import { API_TOKEN_CHANGED_CHANNEL } from "@tsunagi/consent-rules/api-token-notifications";
import { isApiTokenScope, type ApiTokenScope } from "@tsunagi/consent-rules/api-token-scopes";
import { constantTimeEqual, sha256 } from "@tsunagi/service-kit/secure-random.server";
import { queryWithinDeadline, type BridgePool } from "../db/bridge-pool";


export type ClientRefusal = "token_missing" | "token_malformed" | "token_unknown" | "token_revoked" | "token_expired";

export interface AuthenticatedClient {
  /** The token's id: names the client in the decision log, never the secret. */
  id: string;
  scopes: ReadonlySet<ApiTokenScope>;
}

export type ClientAuthentication = { ok: true; client: AuthenticatedClient } | { ok: false; reason: ClientRefusal };

/** What the database said about one id + secret pair, kept for a short while. */
type Verdict =
  | { kind: "valid"; client: AuthenticatedClient; expiresAt: number | null; revokedAt: number | null }
  | { kind: "refused"; reason: "token_unknown" | "token_revoked" };
/** A verdict as cached: the token id it is about (for eviction) and, when valid, the answer handed out each time. */
type CachedVerdict = Verdict & { trustedUntil: number; tokenId: string; accepted?: ClientAuthentication };

const bearerPattern = /^Bearer[ \t]+(\S+)[ \t]*$/i;
// Compared against when the id is unknown, so an unknown id costs the same hash-and-compare as a known one.
const decoyHash = sha256("tsunagi-api-token-decoy");
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const MAX_CACHED = 10_000;

interface TokenRow {
  id: string;
  secretHash: Buffer;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * Checks `Authorization: Bearer tsg_<id>.<secret>` against the app's ApiToken rows (hash only), caching each
 * verdict, allowed or refused, for `ttlMs`, so the decision path does not wait for the database. Revocation reaches
 * the cache at once through LISTEN (every entry of the token's id is dropped); while that connection is down the
 * cache is not trusted, so a revocation can never be missed. Expiry and a revocation dated later are checked on every
 * use, cached or not.
 *
 * The cache is keyed by the Authorization header exactly as sent (issue 30 item 7): a request whose header is already
 * known is answered with a Map lookup and two comparisons, without parsing the token or hashing its secret (SHA-256
 * per request, with its hex key, was a few per cent of a single decision's cost). The headers held are the bearer
 * secrets themselves, in this process's memory only, as every request's headers are while it is answered; at most
 * MAX_CACHED of them, and never written anywhere. The database is still asked by id and compared by hash only.
 */
export class ClientAuthenticator {
  /** Authorization header as sent → the verdict on its token. */
  private readonly cache = new Map<string, CachedVerdict>();
  private readonly lastUsedWritten = new Map<string, number>();
  private listening = false;
  /**
   * Bumped on every eviction and every time the LISTEN connection drops or comes back: a lookup that overlapped one
   * may have read the row before a change it was not told of (a revocation whose NOTIFY fell in the gap).
   */
  private generation = 0;

  constructor(
    private readonly pool: BridgePool,
    private readonly ttlMs: number,
    private readonly clock: () => number,
    private readonly onDatabaseFailure: () => void,
    /** How long a lookup may wait for the database before it counts as unavailable (BridgeConfig.databaseDeadlineMs). */
    private readonly databaseDeadlineMs = 1_000,
  ) {}

  /**
   * The answer for this header from the cache alone, with nothing to wait for, when a trusted verdict is held for
   * it; undefined when the database must be asked (then call authenticate). The decision path uses this first.
   */
  authenticateCached(authorization: string | undefined): ClientAuthentication | undefined {
    if (authorization === undefined || !this.listening) return undefined;
    const cached = this.cache.get(authorization);
    if (cached === undefined) return undefined;
    const now = this.clock();
    return now < cached.trustedUntil ? judged(cached, now) : undefined;
  }

  async authenticate(authorization: string | undefined): Promise<ClientAuthentication> {
    if (authorization === undefined || authorization.trim() === "") return { ok: false, reason: "token_missing" };
    const now = this.clock();
    const cached = this.cache.get(authorization);
    if (cached && now < cached.trustedUntil && this.listening) return judged(cached, now);
    const bearer = bearerPattern.exec(authorization);
    const parsed = bearer ? parseApiToken(bearer[1]!) : null;
    if (!parsed) return { ok: false, reason: "token_malformed" };

    let verdict: Verdict;
    const generationBefore = this.generation;
    try {
      verdict = await this.lookUp(parsed.id, sha256(parsed.secret), now);
      if (this.listening && this.ttlMs > 0 && this.generation === generationBefore) this.remember(authorization, parsed.id, verdict, now);
    } catch (error) {
      // The database is down: declare it (every decision then denies with database_unavailable) and, when this
      // token was checked before, still say who is asking, so the client gets a signed, logged denial instead of
      // a bare 503. Nothing can be allowed on a verdict used this way, and it is not trusted again afterwards.
      this.onDatabaseFailure();
      if (!cached) throw error;
      verdict = cached;
    }
    return judged(verdict, now);
  }

  /** Drops every cached verdict for this token id (called on NOTIFY). */
  evict(tokenId: string): void {
    this.generation++;
    for (const [key, entry] of this.cache) if (entry.tokenId === tokenId) this.cache.delete(key);
  }

  /**
   * Whether revocations reach the cache at once. Without it every request asks the database, and verdicts cached
   * before are used only while the database cannot be asked (when every decision denies). A revocation made while
   * the connection was down was never heard, so nothing cached before a drop is trusted again after it.
   */
  setListening(listening: boolean): void {
    if (listening === this.listening) return;
    this.generation++;
    if (!listening) for (const entry of this.cache.values()) entry.trustedUntil = Number.NEGATIVE_INFINITY;
    this.listening = listening;
  }

  private remember(authorization: string, tokenId: string, verdict: Verdict, now: number): void {
    // Guessed tokens must not grow the cache without bound; dropping everything is safe, only slower.
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    const entry: CachedVerdict = { ...verdict, trustedUntil: now + this.ttlMs, tokenId };
    if (verdict.kind === "valid") entry.accepted = Object.freeze({ ok: true, client: verdict.client });
    this.cache.set(authorization, entry);
  }

  private async lookUp(id: string, secretHash: Uint8Array, now: number): Promise<Verdict> {
    const { rows } = await queryWithinDeadline<TokenRow>(
      this.pool,
      this.databaseDeadlineMs,
      `SELECT "id", "secretHash", "scopes", "expiresAt", "revokedAt", "lastUsedAt" FROM "ApiToken" WHERE "id" = $1`,
      [id],
    );
    const row = rows[0];
    const matches = constantTimeEqual(secretHash, row ? new Uint8Array(row.secretHash) : decoyHash);
    if (!row || !matches) return { kind: "refused", reason: "token_unknown" };
    if (row.revokedAt && row.revokedAt.getTime() <= now) return { kind: "refused", reason: "token_revoked" };
    this.noteUsed(row, now);
    return {
      kind: "valid",
      client: { id: row.id, scopes: new Set(row.scopes.filter(isApiTokenScope)) },
      expiresAt: row.expiresAt?.getTime() ?? null,
      revokedAt: row.revokedAt?.getTime() ?? null,
    };
  }

  /** lastUsedAt is informative: written at most once a minute per token, off the request's path. */
  private noteUsed(row: TokenRow, now: number): void {
    const written = Math.max(row.lastUsedAt?.getTime() ?? 0, this.lastUsedWritten.get(row.id) ?? 0);
    if (now - written < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWritten.set(row.id, now);
    this.pool
      .query(`UPDATE "ApiToken" SET "lastUsedAt" = $2 WHERE "id" = $1 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < $2)`, [row.id, new Date(now)])
      .catch(() => undefined);
  }
}

/** What a verdict means at `now`: a token revoked for a later instant is refused from then on, cached or not; expiry likewise. */
function judged(verdict: Verdict & { accepted?: ClientAuthentication }, now: number): ClientAuthentication {
  if (verdict.kind === "refused") return { ok: false, reason: verdict.reason };
  if (verdict.revokedAt !== null && verdict.revokedAt <= now) return { ok: false, reason: "token_revoked" };
  if (verdict.expiresAt !== null && verdict.expiresAt <= now) return { ok: false, reason: "token_expired" };
  return verdict.accepted ?? { ok: true, client: verdict.client };
}

/**
 * Keeps a LISTEN connection on API_TOKEN_CHANGED_CHANNEL, evicting on each notification and reconnecting after a
 * drop. The authenticator caches only while this connection is up.
 */
export class TokenRevocationListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly connect: () => pg.Client,
    private readonly authenticator: ClientAuthenticator,
    private readonly retryMs = 1_000,
  ) {}

  async start(): Promise<void> {
    if (this.closed) return;
    const client = this.connect();
    this.client = client;
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.authenticator.setListening(false);
      client.end().catch(() => undefined);
      this.scheduleRetry();
    };
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (message) => {
      if (message.channel === API_TOKEN_CHANGED_CHANNEL && message.payload) this.authenticator.evict(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${API_TOKEN_CHANGED_CHANNEL}`);
      if (this.client === client && !this.closed) this.authenticator.setListening(true);
    } catch {
      lost();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.authenticator.setListening(false);
    await client?.end().catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.start(), this.retryMs);
    this.retry.unref();
  }
}
