import { json } from "@remix-run/node";
import { checkDatabase } from "../../domain/health/index.server";

export async function loader() {
  const database = await checkDatabase();
  return json({ status: database ? "ok" : "degraded", database }, { status: database ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
