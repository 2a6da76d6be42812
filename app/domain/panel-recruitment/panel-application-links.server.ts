import { sha256 } from "@tsunagi/service-kit/secure-random.server";
import { keyedDigestHex } from "../security/index.server";

/**
 * An application's own page (ADR 151), as a briefing registration's (ADR 148): its secret is the app's keyed hash of the
 * row and the moment it was sent, so the acknowledgement and the decision can both carry it while only its SHA-256 is
 * stored.
 */
export function applicationSecretOf(application: { id: string; submittedAt: Date }): string {
  return keyedDigestHex("panel-application", `panel-application:${application.id}:${application.submittedAt.toISOString()}`);
}

export function applicationTokenHash(secret: string): Uint8Array<ArrayBuffer> {
  return sha256(secret);
}

export function applicationPath(application: { id: string; submittedAt: Date }): string {
  return `/join-the-panel/applications/${application.id}?t=${applicationSecretOf(application)}`;
}
