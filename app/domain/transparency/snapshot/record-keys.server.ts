import { createHmac, hkdfSync } from "node:crypto";
import { Prisma } from "../../../generated/prisma/client";
import { appSecret } from "../../security/index.server";

/**
 * The secret record keys of the cell key method (ADR 044, issue 27): every participant, finding or letter counted in a
 * published figure has a key, a 32-bit number no reader can work out, and a cell's key is the sum of its records'.
 * The key is HMAC-like — SHA-256 over a secret derived from APP_SECRET and the record's id — and computed in the
 * database inside the same GROUP BY as the count, so no list of records ever leaves PostgreSQL. Counts that are not of
 * records (the bridge's decisions, tallied by month) take a key from their position instead (`positionKey`).
 */
let derived: { secret: string; key: string } | undefined;

function recordKeySecret(): string {
  const secret = appSecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "tsunagi", "tsunagi transparency record keys v1", 32)).toString("hex") };
  return derived.key;
}

/** One record's key, as a bigint: its id is read as text. For a query that sums it in several groups, compute it once. */
export function recordKey(id: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`('x' || substr(encode(sha256(convert_to(${recordKeySecret()} || ${id}::text, 'UTF8')), 'hex'), 1, 8))::bit(32)::bigint`;
}

/** `sum(key of id)` over a group, as a bigint: ids are read as text. */
export function recordKeySum(id: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`COALESCE(sum(${recordKey(id)}), 0)::bigint`;
}

/** The key of a tally with no records to sum: the figure and the cell's place in it, under the same secret. */
export function positionKey(...place: string[]): number {
  return createHmac("sha256", recordKeySecret()).update(place.join("\u0000")).digest().readUInt32BE(0);
}
