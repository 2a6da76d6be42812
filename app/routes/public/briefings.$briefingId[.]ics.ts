import type { LoaderFunctionArgs } from "@remix-run/node";
import { briefingCalendar, loadBriefing } from "../../domain/briefings/index.server";
import { getEnv } from "../../env.server";
import { getLanguage } from "../../i18n/language.server";

/** A session's calendar file for anyone (ADR 148): never its join link (that goes only to those with a place). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const briefing = await loadBriefing({ briefingId: params.briefingId ?? "", language });
  const pageUrl = new URL(`/briefings/${briefing.id}`, getEnv().APP_URL).toString();
  const body = briefingCalendar({ id: briefing.id, title: briefing.title, description: briefing.description, startsAt: new Date(briefing.startsAt), endsAt: new Date(briefing.endsAt), place: briefing.place, pageUrl, cancelled: briefing.state === "cancelled" }, language);
  return new Response(body, {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Content-Disposition": `attachment; filename="tsunagi-briefing-${briefing.id.slice(0, 8)}.ics"`, "Cache-Control": "public, max-age=300" },
  });
}
