import { z } from "zod";
import { singleLineTextSchema } from "../kernel/index";

/**
 * `POST /api/v1/data-use/match` (issue 15 item 2; ADR 039): a data use and a research purpose, as DUO codes
 * (abbreviations or CURIEs), disease CURIEs and flags. Bounded so one request costs microseconds; every string is one
 * line of ordinary text (control, direction and invisible characters refused, as in every form).
 */
const code = singleLineTextSchema(100);
const list = (max: number, item = code) => z.array(item).max(max).default([]);

export const DataUseMatchRequestSchema = z.strictObject({
  dataUse: z.strictObject({ codes: list(40), diseases: list(40), flags: list(20, singleLineTextSchema(500)) }),
  purpose: z.strictObject({ codes: list(40), diseases: list(40), commercial: z.boolean(), flags: list(20, singleLineTextSchema(500)) }),
});
export type DataUseMatchRequest = z.infer<typeof DataUseMatchRequestSchema>;
