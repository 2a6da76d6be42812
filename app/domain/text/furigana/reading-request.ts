import { z } from "zod";
import { containsKanji } from "./reading-segments";
import { readingRequestLimits } from "./reading-wire";

/**
 * The corrections a rendered text was drawn under: an author's (ReadingCorrectionsSchema's) and the page's name
 * readings (name-readings.ts), whose surface is a whole name and whose reading may be empty (the name drawn plain).
 */
const RenderedCorrectionsSchema = z
  .record(z.string().min(1).max(200).refine(containsKanji), z.string().max(400).regex(/^[\u3041-\u309F\u30FC \u3000]*$/))
  .refine((record) => Object.keys(record).length <= 200);

export const ReadingRequestSchema = z.object({
  texts: z
    .array(
      z.object({
        text: z.string().min(1).max(readingRequestLimits.textLength),
        corrections: RenderedCorrectionsSchema.optional(),
      }),
    )
    .min(1)
    .max(readingRequestLimits.texts),
});
export type ReadingRequest = z.infer<typeof ReadingRequestSchema>;
