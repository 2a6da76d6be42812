import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { consultationAnalysisJson } from "../../domain/consultations/index.server";
import { loadConsultationAnalysis } from "../../domain/consultations/index.server";

/** A consultation's protected counts as JSON (issue 28 item 4; ADR 062): the page's tables, with how they were protected. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "consultations:manage");
  const view = await loadConsultationAnalysis({ consultationId: params.id ?? "" });
  return new Response(`${JSON.stringify(consultationAnalysisJson(view), null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="consultation-${view.consultation.id}-analysis.json"`,
      "Cache-Control": "no-store",
    },
  });
}
