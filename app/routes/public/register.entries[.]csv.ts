import { registerCsv } from "../../domain/access/index.server";

/** Every register entry as CSV, both languages (ADR 043). Public, like the page. */
export async function loader() {
  return new Response(await registerCsv(), {
    headers: { "Content-Type": "text/csv; charset=utf-8; header=present", "Content-Disposition": 'attachment; filename="tsunagi-register.csv"', "Cache-Control": "public, max-age=60" },
  });
}
