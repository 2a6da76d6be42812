import { programmeAreas, type ProgrammeArea } from "../consent";

export { programmeAreas, type ProgrammeArea };

/**
 * Who an update is for (ADR 038): participants (and their proxies), family members following a participant, or
 * everyone, the public page and its feeds included. An update may name several; an area narrows the first two to
 * participants of that arm of the programme, and the families following them. The database's `UpdateAudience` enum
 * holds the same values.
 */
export const updateAudiences = ["participants", "families", "public"] as const;
export type UpdateAudience = (typeof updateAudiences)[number];

/**
 * What a reader may see: the public updates always; participants' updates for the areas of the people they act for
 * (themselves, or whom they represent); families' updates for the areas of the participants they follow through a
 * live access. `null` in a set means a participant whose area was not recorded: they see the updates for every area
 * only, never an area-specific one (rather than guess).
 */
export interface ReaderAudience {
  participantAreas: ReadonlySet<ProgrammeArea | null>;
  familyAreas: ReadonlySet<ProgrammeArea | null>;
}

export const publicAudience: ReaderAudience = { participantAreas: new Set(), familyAreas: new Set() };

/** The one rule: may a reader with this audience see an update for these audiences and this area? */
export function updateVisibleTo(reader: ReaderAudience, update: { audiences: readonly UpdateAudience[]; programmeArea: ProgrammeArea | null }): boolean {
  if (update.audiences.includes("public")) return true;
  const reaches = (areas: ReadonlySet<ProgrammeArea | null>) => areas.size > 0 && (update.programmeArea === null || areas.has(update.programmeArea));
  if (update.audiences.includes("participants") && reaches(reader.participantAreas)) return true;
  if (update.audiences.includes("families") && reaches(reader.familyAreas)) return true;
  return false;
}
