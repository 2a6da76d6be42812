import { isAppError } from "../../domain/app-error";

/** A domain refusal as the page a visitor sees: an unknown or unreachable record is 404, a refused one 403. */
export function journeyError(error: unknown): never {
  if (isAppError(error)) {
    if (error.code === "not_found") throw new Response("Not found", { status: 404 });
    if (error.code === "forbidden") throw new Response("Forbidden", { status: 403 });
  }
  throw error;
}
