import { dataDir, getEnv } from "../../../env.server";
import { checkpointKeysPath, loadCheckpointKeys, type PublicCheckpointJwk } from "../../consent/ledger/checkpoints/load-checkpoint-keys.server";

let cached: { file: string; jwks: Promise<{ keys: PublicCheckpointJwk[] }> } | undefined;

/**
 * The public half of the ledger checkpoint keys (ADR 012), which sign the published checkpoints (ADR 046): what
 * `/transparency/jwks.json` serves. Every key of the set, so checkpoints signed before a rotation still verify. Read
 * once per process and key file; created like the checkpointer creates it when missing (two processes at once keep the
 * first file). A failed read is not kept.
 */
export function checkpointJwks(): Promise<{ keys: PublicCheckpointJwk[] }> {
  const env = getEnv();
  const options = { keysFile: env.LEDGER_CHECKPOINT_KEYS_FILE, dataDir: dataDir(env) };
  const file = checkpointKeysPath(options);
  if (cached?.file !== file) {
    const jwks = loadCheckpointKeys({ ...options, generate: true }).then((keys) => {
      if (!keys) throw new Error(`No ledger checkpoint keys at ${file}`);
      return keys.publicJwks;
    });
    cached = { file, jwks };
    jwks.catch(() => {
      if (cached?.jwks === jwks) cached = undefined;
    });
  }
  return cached.jwks;
}

/** The JWK set as served: public keys only, one document. */
export async function checkpointJwksJson(): Promise<string> {
  return `${JSON.stringify(await checkpointJwks(), null, 2)}\n`;
}
