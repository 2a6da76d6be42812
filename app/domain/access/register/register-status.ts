/**
 * What the public register says of an approval (issue 15 item 4; ADR 043), derived at every read from the stored
 * status and the clock, so an approval shows as expired the moment its end passes without anyone acting: revoked
 * and suspended (staff sanctions) win over the dates; then expired once `endsAt` has passed; upcoming before
 * `startsAt`; active otherwise. Pure.
 */
export const registerStatuses = ["active", "upcoming", "expired", "suspended", "revoked"] as const;
export type RegisterStatus = (typeof registerStatuses)[number];

export function registerStatus(approval: { status: string; startsAt: Date; endsAt: Date }, now: Date): RegisterStatus {
  if (approval.status === "revoked") return "revoked";
  if (approval.status === "suspended") return "suspended";
  if (approval.endsAt.getTime() <= now.getTime()) return "expired";
  if (approval.startsAt.getTime() > now.getTime()) return "upcoming";
  return "active";
}
