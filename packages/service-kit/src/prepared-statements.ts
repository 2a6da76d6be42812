import { createHash } from "node:crypto";

/**
 * Names for node-postgres prepared statements, made from their text (ADR 165): a statement run with a name is parsed
 * once per connection, then only bound and run, and with `plan_cache_mode = force_generic_plan` planned once too.
 * The web app's plain transactions and the bridge's ingest use them, each for a fixed set of texts. Past `limit`
 * distinct texts in a process the rest go unnamed, so a text made up from data (which none should be) cannot fill a
 * connection with statements it never runs again.
 */
export function preparedStatementNames(prefix: string, limit = 256): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (name === undefined && names.size < limit) {
      name = `${prefix}_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
}
