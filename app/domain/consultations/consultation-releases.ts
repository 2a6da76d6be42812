import { consultationAudiences, type ConsultationAudience } from "./consultation-model";
import type { AnalysisTheme, AudienceColumn, ConsultationAnalysis } from "./consultation-analysis";

/**
 * When a consultation's figures are released, and how they are split (issue 54; ADR 115). Pure: the rules the release
 * verb applies and the pages state.
 *
 * Counting again after every response published, for each count, whether the responses under it had changed (the cell
 * key method gives the same responses the same number, ADR 044): a count that moved held the newcomer. So figures are
 * released at fixed points only, and any two releases differ by at least RELEASE_STEP responses:
 * - **interim releases** while the consultation is open: at most one per day, at midnight Japan time, counting the
 *   responses last changed before then except the RELEASE_STEP most recent ones (they wait for the next release), and
 *   only when at least RELEASE_STEP of those counted were not counted in the previous release. The figures are for
 *   all audiences together; only the number of responses is split by audience;
 * - **the closing release** at the close: every response, split by audience;
 * - **themes releases** after the close, when staff count the themes again (they tag answers after the close): the
 *   closing release's figures with the themes table counted anew.
 * Because the interim release held back the last RELEASE_STEP, the closing release too differs from it by that many.
 */

/** The fewest responses by which two releases of a consultation differ, and the fewest an audience column holds. */
export const RELEASE_STEP = 20;
/** The fewest responses an audience is shown apart with; smaller ones are counted with others (ADR 115). */
export const AUDIENCE_COLUMN_MINIMUM = 20;

export type ReleaseKind = "interim" | "closing" | "themes";

/** What a release stores and every view prints: only protected tables (ADR 044), with how they were split. */
export interface ReleaseFigures {
  /** The columns of the answers' and themes' tables (one, "all", in an interim release). */
  answerColumns: AudienceColumn[];
  analysis: ConsultationAnalysis;
  /** The themes as they were labelled when released (a theme added later is not in its tables). */
  themes: AnalysisTheme[];
}

export const ALL_AUDIENCES = "all";
const JAPAN_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

/** The interim releases' fixed point at or before `now`: midnight in Japan (no daylight saving there). */
export function interimPointAtOrBefore(now: Date): Date {
  return new Date(Math.floor((now.getTime() + JAPAN_OFFSET_MS) / DAY_MS) * DAY_MS - JAPAN_OFFSET_MS);
}

/** The first fixed point after `now`. */
export function nextInterimPoint(now: Date): Date {
  return new Date(interimPointAtOrBefore(now).getTime() + DAY_MS);
}

/** A column's name: its audiences in the programme's order joined by "+", or "all" when it holds every audience asked. */
function columnOf(group: readonly ConsultationAudience[], asked: readonly ConsultationAudience[]): AudienceColumn {
  const audiences = consultationAudiences.filter((audience) => group.includes(audience));
  return { id: asked.length > 1 && audiences.length === asked.length ? ALL_AUDIENCES : audiences.join("+"), audiences };
}

/** Every audience asked as one column. */
export function allAudiencesColumn(asked: readonly ConsultationAudience[]): AudienceColumn {
  return columnOf(asked, asked);
}

/**
 * How a release splits its figures by audience, from the exact number of responses each audience gave (never shown):
 * an audience with AUDIENCE_COLUMN_MINIMUM or more is a column of its own; the smaller ones are counted together, and
 * if even together they are fewer, they join the smallest column of their own. With no audience large enough there is
 * one column. So no column — and no total beside it — stands for a handful of people, whose answers a reader could
 * tell from the others' (two panel members among many public answers, ADR 115).
 */
export function audienceColumns(asked: readonly ConsultationAudience[], responses: ReadonlyMap<ConsultationAudience, number>): AudienceColumn[] {
  const ordered = consultationAudiences.filter((audience) => asked.includes(audience));
  const count = (group: readonly ConsultationAudience[]) => group.reduce((sum, audience) => sum + (responses.get(audience) ?? 0), 0);
  const large = ordered.filter((audience) => count([audience]) >= AUDIENCE_COLUMN_MINIMUM).map((audience) => [audience]);
  const small = ordered.filter((audience) => count([audience]) < AUDIENCE_COLUMN_MINIMUM);
  if (large.length === 0) return [columnOf(ordered, ordered)];
  if (small.length > 0) {
    if (count(small) >= AUDIENCE_COLUMN_MINIMUM) large.push(small);
    else {
      // The smallest column of its own (the first in the programme's order among equals) takes the small ones in.
      const smallest = large.reduce((least, group) => (count(group) < count(least) ? group : least));
      smallest.push(...small);
    }
  }
  return large.map((group) => columnOf(group, ordered)).sort((a, b) => ordered.indexOf(a.audiences[0]!) - ordered.indexOf(b.audiences[0]!));
}

/** A stored release's figures read back (written only through ReleaseFigures). */
export function releaseFiguresOf(value: unknown): ReleaseFigures {
  return value as ReleaseFigures;
}
