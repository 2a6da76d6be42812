import { japanDate } from "../../time";
import { createHash } from "node:crypto";
import { z } from "zod";
import { getDatabase, type Database } from "../../../db.server";
import { AppError } from "../../kernel/index";
import type { RequestContext } from "../../kernel/index";
import { offeredChoices, type FormLanguage } from "@tsunagi/consent-rules/form-content";
import { loadFormVersion } from "../forms/index.server";
import type { LedgerEventRecord } from "@tsunagi/consent-rules/ledger-event";
import { grantConsent } from "../records/index.server";
import { detectScanType, MAX_SCAN_BYTES, safeScanFileName } from "./scan-file";

/** A JST calendar day, as written on the paper form. */
const jstToday = (now: Date): string => japanDate(now);

export interface PaperConsentInput {
  participantId: string;
  /** The version the coordinator transcribed against (the current one when the page was shown). */
  formVersionId: string;
  scan: { fileName: string; content: Uint8Array<ArrayBuffer> };
  /** The day the paper was signed (YYYY-MM-DD, JST). */
  signedOn: string;
  /** The name printed on the paper, as written. */
  printedName: string;
  /** "participant", or the assignment id of the proxy who signed the paper. */
  signer: string;
  /** One value per offered choice, in catalogue order, as ticked on the paper. */
  choices: string[];
  language: FormLanguage;
  coordinator: { userId: string; role: string };
  request: RequestContext;
}

/**
 * Records a signed paper consent a coordinator has transcribed: the scan (checked by its bytes, hashed) and the
 * ledger event (method paper, marked as transcribed, tied to the scan's hash) commit in one transaction, so a
 * refused grant leaves no scan behind and no grant exists without its scan. Two staff recording the same paper at
 * once record it once: grantConsent decides under the participant's lock, and the second is told it is already
 * recorded, as it would be one after the other.
 */
export async function recordPaperConsent(input: PaperConsentInput, db: Database = getDatabase()): Promise<LedgerEventRecord> {
  const now = input.request.now ?? new Date();
  const { content } = input.scan;
  const type = detectScanType(content);
  if (content.length === 0 || content.length > MAX_SCAN_BYTES || !type) throw new AppError("file_not_accepted");
  if (!z.iso.date().safeParse(input.signedOn).success || input.signedOn > jstToday(now) || input.signedOn < "2000-01-01") throw new AppError("invalid_input");
  if (!z.uuid().safeParse(input.formVersionId).success || !z.uuid().safeParse(input.participantId).success) throw new AppError("form_updated");

  const version = await loadFormVersion(input.formVersionId, db).catch(() => {
    throw new AppError("form_updated");
  });
  const offered = offeredChoices(version.content);
  if (input.choices.length !== offered.length) throw new AppError("choices_incomplete");
  const choices = Object.fromEntries(offered.map((id, index) => [id, input.choices[index]]));

  let signer: { kind: "participant" } | { kind: "proxy"; proxyAssignmentId: string } = { kind: "participant" };
  if (input.signer !== "participant") {
    if (!z.uuid().safeParse(input.signer).success) throw new AppError("invalid_input");
    const assignment = await db.proxyAssignment.findFirst({ where: { id: input.signer, participantId: input.participantId, endedAt: null }, select: { id: true } });
    if (!assignment) throw new AppError("invalid_input");
    signer = { kind: "proxy", proxyAssignmentId: input.signer };
  }

  const sha256 = createHash("sha256").update(content).digest("hex");
  const fileName = safeScanFileName(input.scan.fileName, type);
  return grantConsent(
    {
      participantId: input.participantId,
      formVersionId: version.id,
      choices,
      printedName: input.printedName,
      language: input.language,
      signer,
      actor: input.coordinator,
      method: "paper",
      paper: { scanSha256: sha256, signedOn: input.signedOn },
      // The event's time is when it is recorded, taken under the participant's lock (the paper's own date is
      // paperSignedOn): the clock read above only checks that date is not in the future.
      request: input.request,
      beforeCommit: async (tx, event) => {
        await tx.paperConsentScan.create({ data: { eventId: event.id, fileName, contentType: type, content, sha256, uploadedById: input.coordinator.userId } });
      },
    },
    db,
  );
}
