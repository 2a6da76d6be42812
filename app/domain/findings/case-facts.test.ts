import { describe, expect, it } from "vitest";
import type { CaseEvent, CaseEventType } from "./case-event";
import { foldCaseEvents } from "./case-facts";

const counsellor = "00000000-0000-4000-8000-000000000001";
const other = "00000000-0000-4000-8000-000000000002";
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 1));

function events(...steps: [CaseEventType, string | null, unknown?][]): CaseEvent[] {
  return steps.map(([type, actorUserId, payload], index) => ({ seq: index + 1, type, actorUserId, payload: payload ?? {}, at: day(index + 1) }));
}

const appointment = { at: "2026-12-01T10:00", mode: "video", language: "ja" };
const session = { date: "2026-12-01", attendees: "本人", understood: "了解" };

describe("foldCaseEvents", () => {
  it("starts unclaimed and open", () => {
    expect(foldCaseEvents([], [], true)).toMatchObject({ claimedBy: null, appointment: null, closed: false, updated: false, pendingReopenVersion: null });
  });

  it("follows claim, appointment, counselling, disclosure, wishes and close", () => {
    const history = events(
      ["claimed", counsellor],
      ["appointment_scheduled", counsellor, appointment],
      ["counselling_recorded", counsellor, session],
      ["disclosure_recorded", counsellor, session],
      ["relatives_wishes_recorded", counsellor, { wishes: "undecided" }],
    );
    expect(foldCaseEvents(history, [], true)).toMatchObject({
      claimedBy: counsellor,
      appointment,
      counsellingRecorded: true,
      disclosureRecorded: true,
      relativesWishesRecorded: true,
      closed: false,
    });
    const closed = foldCaseEvents([...history, { seq: 6, type: "closed", actorUserId: counsellor, payload: { reason: "disclosed" }, at: day(6) }], [], true);
    expect(closed).toMatchObject({ closed: true, claimedBy: null });
  });

  it("folds in seq order whatever order the rows come in; a release frees the case for another", () => {
    const history = events(["claimed", counsellor], ["released", counsellor], ["claimed", other]).reverse();
    expect(foldCaseEvents(history, [], true).claimedBy).toBe(other);
  });

  it("remembers who opened the sealed content", () => {
    const history = events(["sealed_content_opened", counsellor, { reason: "r" }], ["sealed_content_opened", counsellor, { reason: "again" }]);
    expect(foldCaseEvents(history, [], true).sealedOpenedBy).toEqual([counsellor]);
  });

  const closedCase = events(["claimed", counsellor], ["appointment_scheduled", counsellor, appointment], ["closed", counsellor, { reason: "disclosed" }]);

  it("reopens a closed case as updated when a re-interpretation arrives after the close and the participant allows findings updates", () => {
    const state = foldCaseEvents(closedCase, [{ version: 2, submittedAt: day(10) }], true);
    expect(state).toMatchObject({ closed: false, updated: true, pendingReopenVersion: 2, claimedBy: null, appointment: null, counsellingRecorded: false });
  });

  it("does not reopen without the participant's leave for findings updates", () => {
    expect(foldCaseEvents(closedCase, [{ version: 2, submittedAt: day(10) }], false)).toMatchObject({ closed: true, updated: false, pendingReopenVersion: null });
  });

  it("does not reopen for a re-interpretation that came before the close", () => {
    expect(foldCaseEvents(closedCase, [{ version: 2, submittedAt: day(2) }], true)).toMatchObject({ closed: true, updated: false });
  });

  it("a recorded reopening stands and is not derived twice; closing again waits for the next re-interpretation", () => {
    const reopened = [...closedCase, { seq: 4, type: "reopened" as const, actorUserId: null, payload: { version: 2 }, at: day(11) }];
    expect(foldCaseEvents(reopened, [{ version: 2, submittedAt: day(10) }], true)).toMatchObject({ closed: false, updated: true, pendingReopenVersion: null });
    const closedAgain = [...reopened, { seq: 5, type: "closed" as const, actorUserId: counsellor, payload: { reason: "disclosed" }, at: day(12) }];
    expect(foldCaseEvents(closedAgain, [{ version: 2, submittedAt: day(10) }], true)).toMatchObject({ closed: true, pendingReopenVersion: null });
    expect(foldCaseEvents(closedAgain, [{ version: 2, submittedAt: day(10) }, { version: 3, submittedAt: day(13) }], true)).toMatchObject({ closed: false, pendingReopenVersion: 3 });
  });
});
