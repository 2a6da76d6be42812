import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { consultationAnalysisCsv } from "../../domain/consultations/index.server";
import { loadConsultationAnalysis } from "../../domain/consultations/index.server";

/** A consultation's protected counts as CSV (issue 28 item 4; ADR 062): the page's numbers, one row per count. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  const view = await loadConsultationAnalysis({ consultationId: params.id ?? "" });
  return new Response(consultationAnalysisCsv(view), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="consultation-${view.consultation.id}-analysis.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
