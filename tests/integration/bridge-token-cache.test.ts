// Revoking a token while the bridge's LISTEN connection is down (issue 10, defect 6 sibling: revoke vs use). The
// bridge caches each token's verdict and relies on NOTIFY to drop it; a revocation made while that connection is
// being re-established is never heard, so nothing cached before the drop may be trusted after it. The authenticator
// is driven as TokenRevocationListener drives it (setListening on each drop and reconnect), against PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeApiToken } from "../../app/domain/api-tokens/revoke-api-token.server";
import { ClientAuthenticator } from "../../services/pipeline-bridge/src/auth/client-authenticator";
import { createBridgePool, type BridgePool } from "../../services/pipeline-bridge/src/db/bridge-pool";
import { useTestDatabase } from "../support/database";
import { issueTestToken } from "../support/pipeline-bridge";

const db = useTestDatabase();

describe("the bridge's token cache across a dropped LISTEN connection", () => {
  let pool: BridgePool;
  beforeAll(() => {
    pool = createBridgePool(db.url, () => undefined);
  });
  afterAll(() => pool.end());

  const authenticator = () => new ClientAuthenticator(pool, 60_000, () => Date.now(), () => undefined);
  const idOf = (token: string) => token.slice(4, 20);

  it("[pipeline client] a token revoked while the connection was down is refused once it is back", async () => {
    const clients = authenticator();
    clients.setListening(true);
    const token = await issueTestToken(["gate:analyze"]);
    expect(await clients.authenticate(`Bearer ${token}`)).toMatchObject({ ok: true });

    clients.setListening(false);
    await revokeApiToken({ tokenId: idOf(token), context: {} }); // its NOTIFY reaches nobody
    clients.setListening(true);

    expect(await clients.authenticate(`Bearer ${token}`)).toEqual({ ok: false, reason: "token_revoked" });
  });

  it("[pipeline client] a check under way while the connection dropped and came back is not cached", async () => {
    const clients = authenticator();
    clients.setListening(true);
    const token = await issueTestToken(["gate:analyze"]);
    const checking = clients.authenticate(`Bearer ${token}`);
    clients.setListening(false);
    clients.setListening(true);
    expect(await checking).toMatchObject({ ok: true });

    await revokeApiToken({ tokenId: idOf(token), context: {} }); // as if its NOTIFY had fallen in the gap
    expect(await clients.authenticate(`Bearer ${token}`)).toEqual({ ok: false, reason: "token_revoked" });
  });
});
