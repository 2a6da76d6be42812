import { decideAction } from "@tsunagi/consent-rules/decide-action";
import { getDatabase, type Database } from "../../db.server";
import { projectionFromRow } from "../consent/index";
import { lockParticipantConsent } from "../consent/index.server";
import { AppError, type AuditContext } from "../kernel/index";
import { recordAuditEvent } from "../kernel/index.server";
import type { RecordExplanationInput, ReleaseRefusal } from "./report-explanation";
import { recordInScope } from "./staff-reports.server";

class ReleaseRefused extends AppError {
  constructor(readonly reason: ReleaseRefusal) {
    super("result_release_refused", reason, { namespace: "results", key: `refusal.${reason}` });
  }
}

function japanDay(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Records that a report's version was explained to its participant, which releases it to them (issue 57 item 2,
 * ADR 137). Under the participant's consent lock: the consent rule must still let results be returned (a withdrawal
 * committed first wins), only the latest version may be explained (a newer one arrived meanwhile: refused, the page
 * shows it), and a version is explained once — the explanation's unique key makes a second submit at once fail
 * rather than write twice. The day is the conversation's, not after today nor before the version arrived.
 */
export async function recordReportExplained(
  options: { userId: string; reportId: string; input: RecordExplanationInput; context: AuditContext; now?: Date },
  db: Database = getDatabase(),
): Promise<{ version: number }> {
  const record = await recordInScope(options.userId, options.reportId, db);
  const now = options.now ?? new Date();
  const { input } = options;
  if (Number.isNaN(new Date(`${input.explainedOn}T00:00:00Z`).getTime()) || input.explainedOn > japanDay(now)) throw new ReleaseRefused("date_in_future");

  return db.$transaction(async (tx) => {
    const turn = await lockParticipantConsent(tx, record.participantId, { now });
    if (!decideAction(turn.state ? projectionFromRow(turn.state) : null, { action: "return_primary" }).allowed) throw new ReleaseRefused("not_returnable");
    const [report] = await tx.$queryRaw<{ latestVersion: number }[]>`SELECT "latestVersion" FROM "AnalysisReport" WHERE "id" = ${record.reportId}::uuid FOR UPDATE`;
    if (!report || input.version !== report.latestVersion) throw new ReleaseRefused("superseded");
    const version = await tx.analysisReportVersion.findUniqueOrThrow({
      where: { reportId_version: { reportId: record.reportId, version: input.version } },
      select: { id: true, submittedAt: true, explanation: { select: { id: true } } },
    });
    if (version.explanation) throw new ReleaseRefused("already_explained");
    if (input.explainedOn < japanDay(version.submittedAt)) throw new ReleaseRefused("date_before_report");
    await tx.analysisReportExplanation.create({
      data: { reportVersionId: version.id, explainedByUserId: options.userId, explainedOn: new Date(`${input.explainedOn}T00:00:00Z`), mode: input.mode, recordedAt: turn.now },
    });
    await recordAuditEvent(
      tx,
      { type: "report.explained", outcome: "success", detail: { reportId: record.reportId, version: input.version, participantId: record.participantId, mode: input.mode, explainedOn: input.explainedOn } },
      options.context,
    );
    return { version: input.version };
  });
}
