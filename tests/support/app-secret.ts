/**
 * A fixed APP_SECRET for a test file's tests (each key the app derives comes from it), and a way to change it within a
 * test. The secret the process had is put back after each test.
 */
import { afterEach, beforeEach } from "vitest";
import { resetEnvCache } from "../../app/env.server";

/** Sets APP_SECRET (and drops the cached settings, so the app reads it at once). */
export function setAppSecret(secret: string): void {
  process.env.APP_SECRET = secret;
  resetEnvCache();
}

export function withAppSecret(secret: string): void {
  let previous: string | undefined;
  beforeEach(() => {
    previous = process.env.APP_SECRET;
    setAppSecret(secret);
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.APP_SECRET;
    else process.env.APP_SECRET = previous;
    resetEnvCache();
  });
}
