import pg from "pg";

/**
 * One plain connection for a piece of database tooling (migrations, bootstrap), closed afterwards whatever happens.
 * An idle client whose server goes away emits 'error'; without a listener that would crash the process.
 */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
