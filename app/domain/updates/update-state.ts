/**
 * Where an update stands (ADR 038), derived, never stored: a draft nobody else sees; scheduled (published, its time
 * not come); published; or published with a correction being written.
 */
export const updateStates = ["draft", "scheduled", "published", "correcting"] as const;
export type UpdateState = (typeof updateStates)[number];

export function updateStateOf(update: { publishAt: Date | null; publishedVersion: number | null; latestVersion: number }, now: Date): UpdateState {
  if (update.publishedVersion === null || update.publishAt === null) return "draft";
  if (update.latestVersion > update.publishedVersion) return "correcting";
  return update.publishAt > now ? "scheduled" : "published";
}
