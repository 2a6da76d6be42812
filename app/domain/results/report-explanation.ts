import { z } from "zod";
import { integerField, typedString } from "../kernel/index";

/** Recording that a report was explained (issue 57 item 2, ADR 137): the form, and why it may be refused. Pure. */

export const explanationModes = ["face_to_face", "video", "phone"] as const;

/** The counsellor's form: which version they explained (the one on their page), on which day, and how. */
export const RecordExplanationSchema = z.object({
  // Written into a hidden field by the page: the version the counsellor read.
  version: integerField({ min: 1, max: 10_000 }),
  // As typed where the browser draws no date picker (２０２６／１１／２９ read as 2026-11-29, ADR 118).
  explainedOn: typedString("date").pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
  mode: z.enum(explanationModes),
});
export type RecordExplanationInput = z.infer<typeof RecordExplanationSchema>;

export const releaseRefusals = ["already_explained", "superseded", "not_returnable", "date_in_future", "date_before_report"] as const;
export type ReleaseRefusal = (typeof releaseRefusals)[number];

