/**
 * Where a session locked as a clinic kiosk may go (issue 55, ADR 121): the locked participant's assisted journey, the
 * hand-back page where the coordinator unlocks it, the full text of the form the journey links to, and the two
 * requests every page makes of its own accord (the language buttons, the furigana of text drawn after a navigation).
 * Nothing else: no staff page, no other participant, no sign-out. Plain data, read by the guards and the edge.
 */
export const kioskHandBackPath = "/staff/kiosk";

export function kioskJourneyPath(participantId: string): string {
  return `/staff/participants/${participantId}/assisted`;
}

const alwaysAllowed = new Set([kioskHandBackPath, "/language", "/readings"]);

/**
 * Whether a locked session may ask for `pathname` (as the router reads it: `..` resolved, Remix's `.data` suffix looked
 * through, fixed segments matched case-insensitively as Remix matches them).
 */
export function kioskAllows(pathname: string, participantId: string): boolean {
  const path = (pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/").toLowerCase();
  if (alwaysAllowed.has(path)) return true;
  if (/^\/consent\/form\/[^/]+$/.test(path)) return true;
  const journey = kioskJourneyPath(participantId.toLowerCase()).toLowerCase();
  return path === journey || path.startsWith(`${journey}/`);
}
