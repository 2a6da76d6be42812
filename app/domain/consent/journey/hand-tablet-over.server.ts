import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import { lockKiosk } from "../../session/index.server";
import { startOrResumeJourney, type StartedJourney, type StartJourneyInput } from "./start-journey.server";

/**
 * The coordinator starts (or resumes) the assisted journey and hands the tablet over: the session is locked to this
 * participant's journey (issue 55, ADR 121) before the answer that shows the journey is sent, so the patient is never
 * given a tablet that still reaches staff pages. The start is idempotent (an open journey is resumed), so a lock that
 * failed after it is put right by starting again; nothing is handed over until both are done.
 */
export async function handTabletOver(input: StartJourneyInput & { sessionId: string }, db: Database = getDatabase()): Promise<StartedJourney> {
  if (input.actor.method !== "assisted") throw new AppError("invalid_input");
  const started = await startOrResumeJourney(input, db);
  const context = { actorUserId: input.actor.userId, ipAddress: input.request.ipAddress, userAgent: input.request.userAgent };
  await db.$transaction((tx) =>
    lockKiosk(tx, { sessionId: input.sessionId, participantId: input.participantId, journeyId: started.journeyId, now: input.request.now ?? new Date(), context }),
  );
  return started;
}
