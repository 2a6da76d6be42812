// ADR 084: the hot reads (readRows on the plain pool) are prepared with generic plans, so PostgreSQL plans each once
// per connection instead of on every request. Proven on the statement that made the difference: the updates list of
// a signed-in reader, whose custom plans PostgreSQL never gave up on.
import { describe, expect, it } from "vitest";
import { readRows } from "../../app/db.server";
import { listReaderUpdates } from "../../app/domain/updates/list-reader-updates.server";
import { createUser } from "../factories/user-factory";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("hot reads on the plain pool", () => {
  it("are planned once per connection, generically", async () => {
    const reader = await createUser({ role: "family" });
    for (let run = 0; run < 12; run++) await listReaderUpdates({ audience: "of-account", userId: reader.id, language: "en", page: 1 });
    // Every connection the pool opened has the statement, and none has planned it for a value.
    const plans = await Promise.all(
      Array.from({ length: 4 }, () =>
        readRows<{ generic: number; custom: number }>(
          { name: "tsunagi-test-plans", text: `SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom FROM pg_prepared_statements WHERE name LIKE 'tsunagi-reader-updates-account-%'` },
          [],
        ),
      ),
    );
    expect(plans.flat().reduce((sum, row) => sum + row.generic, 0)).toBeGreaterThan(0);
    expect(plans.flat().every((row) => row.custom === 0)).toBe(true);
  });
});
