import { z } from "zod";

/** Recording that a report was explained (issue 57 item 2, ADR 137): the form, and why it may be refused. Pure. */

export const explanationModes = ["face_to_face", "video", "phone"] as const;

/** The counsellor's form: which version they explained (the one on their page), on which day, and how. */
export const RecordExplanationSchema = z.object({
  version: z.coerce.number().int().positive().max(10_000),
  explainedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  mode: z.enum(explanationModes),
});
export type RecordExplanationInput = z.infer<typeof RecordExplanationSchema>;

export const releaseRefusals = ["already_explained", "superseded", "not_returnable", "date_in_future", "date_before_report"] as const;
export type ReleaseRefusal = (typeof releaseRefusals)[number];

