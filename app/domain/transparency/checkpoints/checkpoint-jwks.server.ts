import { dataDir, getEnv } from "../../../env.server";
import { checkpointKeysPath, openCheckpointKeys, type LiveCheckpointKeys, type PublicCheckpointJwk } from "../../consent/index.server";

let cached: { file: string; keys: Promise<LiveCheckpointKeys> } | undefined;

/**
 * The public half of the ledger checkpoint keys (ADR 012), which sign the published checkpoints (ADR 046): what
 * `/transparency/jwks.json` serves. Every key of the set, so checkpoints signed before a rotation still verify. The
 * file is opened once per process and key file, created like the checkpointer creates it when missing (two processes
 * at once keep the first file), and looked at again on every call — one stat — so a key added by a rotation is
 * published at once, long before it signs (ADR 054). A changed file that cannot be read is logged and the set served
 * before stays. A failed first read is not kept.
 */
export async function checkpointJwks(): Promise<{ keys: PublicCheckpointJwk[] }> {
  const env = getEnv();
  const options = { keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env) };
  const file = checkpointKeysPath(options);
  if (cached?.file !== file) {
    // The published set needs no signing key: a file of public keys only is served as it is.
    const keys = openCheckpointKeys({ ...options, generate: true, signer: false, service: "app" });
    cached = { file, keys };
    keys.catch(() => {
      if (cached?.keys === keys) cached = undefined;
    });
  }
  const keys = await cached.keys;
  await keys.check();
  return keys.current().publicJwks;
}

/** The JWK set as served: public keys only, one document. */
export async function checkpointJwksJson(): Promise<string> {
  return `${JSON.stringify(await checkpointJwks(), null, 2)}\n`;
}
