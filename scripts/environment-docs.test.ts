import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvSchema } from "../app/env.server";
import { BridgeEnvSchema } from "../services/pipeline-bridge/src/bridge-env";
import { CheckpointerEnvSchema } from "@tsunagi/ledger-checkpointer/checkpointer-env";
import { JobWorkerEnvSchema } from "@tsunagi/job-worker/job-worker-env";

// README.md's "Environment variables" table is the operator's list: every variable either schema reads has a row.
// The bridge has its own schema (issue 12), so a variable added there and forgotten in the README fails here.
const readme = readFileSync(path.resolve(import.meta.dirname, "../README.md"), "utf8");
const documented = new Set([...readme.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]));

describe.each([
  ["the app, relay, checkpointer and job worker (app/env.server.ts)", EnvSchema],
  ["the pipeline bridge (services/pipeline-bridge/src/bridge-env.ts)", BridgeEnvSchema],
  ["the ledger checkpointer (services/ledger-checkpointer/src/checkpointer-env.ts)", CheckpointerEnvSchema],
  ["the job worker (services/job-worker/src/job-worker-env.ts)", JobWorkerEnvSchema],
])("every variable %s reads", (_name, schema) => {
  it("has a row in README.md", () => {
    const variables = Object.keys(schema.shape);
    expect(variables.length).toBeGreaterThan(4);
    expect(variables.filter((variable) => !documented.has(variable))).toEqual([]);
  });
});

it("the bridge reads none of the web app's own settings (it is a service of its own)", () => {
  const bridgeOnly = Object.keys(BridgeEnvSchema.shape);
  for (const appSetting of ["APP_SECRET", "SMTP_URL", "APP_URL", "TRUST_PROXY", "RELAY_TOKEN"]) expect(bridgeOnly).not.toContain(appSetting);
});
