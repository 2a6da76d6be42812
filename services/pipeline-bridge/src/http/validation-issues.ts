import type { z } from "zod";

/** zod issues as a client reads them: where, and what was wrong. Capped, so a huge bad batch gets a small answer. */
export function validationIssues(error: z.ZodError, limit = 20): { path: (string | number)[]; message: string }[] {
  return error.issues.slice(0, limit).map((issue) => ({
    path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
    message: issue.message,
  }));
}
