import { accountCapacity, type ConsultationAudience, type ConsultationViewer } from "./consultation-model";
import { accountResponderKey, looksLikeResponderToken, publicResponderKey } from "./responder-key.server";
import type { Responder } from "./submit-consultation-response.server";

/**
 * How a viewer answers a consultation (ADR 059): a signed-in account whose roles give a capacity it asks answers as
 * that account; anyone else answers as the public when the public is asked — through their browser's token, which
 * may not exist yet (null). Undefined when the consultation asks neither: it is not theirs to see.
 */
export function responderFor(
  viewer: ConsultationViewer | null,
  consultation: { audiences: readonly ConsultationAudience[]; allowsProxy: boolean },
  browserToken: string | null,
): { capacity: ConsultationAudience; responder: Responder | null } | undefined {
  const capacity = viewer ? accountCapacity(viewer.roles, consultation) : undefined;
  if (viewer && capacity) return { capacity, responder: { kind: "account", userId: viewer.userId, roles: viewer.roles } };
  if (!consultation.audiences.includes("public")) return undefined;
  const token = browserToken !== null && looksLikeResponderToken(browserToken) ? browserToken : null;
  return { capacity: "public", responder: token ? { kind: "public", browserToken: token } : null };
}

/** The responder key a responder's answers to one consultation are stored under (ADR 059). */
export function responderKeyOf(consultationId: string, responder: Responder): string {
  return responder.kind === "account" ? accountResponderKey(consultationId, responder.userId) : publicResponderKey(consultationId, responder.browserToken);
}
