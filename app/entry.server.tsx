import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { I18nextProvider } from "react-i18next";
import { sharedI18n, translator } from "./i18n/i18n";
import { setTitleTranslator } from "./i18n/title-translator";
import { getLanguage } from "./i18n/language.server";
import { RouteTextsProvider, routeTextsOf } from "./rendering/route-texts";
import { NonceProvider } from "./nonce";
import { renderHtmlStream } from "./rendering/render-html-stream.server";
import { pageHasAppScripts } from "./rendering/page-scripts";
import { appendAfterStream, createServerPageReadings, type ServerPageReadings } from "./rendering/page-readings.server";
import { loadReadingAnalyser } from "./domain/text/index.server";
import { FuriganaReaderProvider, FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { serviceLogger } from "@tsunagi/service-kit/logger";
import { startDirectConsentPublish } from "./domain/consent/index.server";
import { getEnv } from "./env.server";

const log = serviceLogger("app");

// What this build holds in its process between requests, let go (app/domain/lifecycle). The build bundles its own copy
// of the domain, so server/app-server.ts reaches it here once the server serving the build has closed.
// Page titles (page-title.ts) in every language the server renders.
setTitleTranslator((language) => translator(language));

export { releaseProcessResources } from "./domain/lifecycle/index.server";

// With NATS_URL set, each consent change of the verbs on every change is also published straight to NATS after its
// COMMIT (ADR 159), from this build's own copy of the ledger; released with the rest above.
const directPublishUrl = getEnv().NATS_URL;
if (directPublishUrl) startDirectConsentPublish(directPublishUrl);

// Every route's loader and action answers the domain's refusals once, as the table says (ADR 131): server/app-server.ts
// wraps the build's routes with this build's own copy, the one parseForm speaks to.
export { withRefusalAnswers } from "./forms/refusal-answers.server";

// No stack trace for the client's own mistakes (404, 405); see request-errors.server.ts.
export { handleError } from "./request-errors.server";

const streamTimeout = 5_000;

/**
 * Readings for a page in やさしい日本語, or for one that shows a part in it (?lang=ja-easy, the shared consent form):
 * the analyser is loaded first (once per process), since React asks for readings synchronously while rendering. If
 * it cannot load, the page is sent without readings rather than not at all.
 */
async function pageReadingsFor(request: Request, language: string): Promise<ServerPageReadings | null> {
  if (language !== "ja-easy" && new URL(request.url).searchParams.get("lang") !== "ja-easy") return null;
  try {
    await loadReadingAnalyser();
    return createServerPageReadings();
  } catch (error) {
    log.error({ err: error }, "the reading analyser did not load; the page is sent without furigana");
    return null;
  }
}

// Pages here carry personal data: nothing may be kept by browsers or shared caches (BRIEF §4).
function markPrivate(headers: Headers): void {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  markPrivate(response.headers);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  const language = await getLanguage(request);
  const i18n = sharedI18n(language);
  const readings = await pageReadingsFor(request, language);
  markPrivate(responseHeaders);
  // A page sent without the app's scripts (ADR 085) sends no copy of its loader's data either: Remix's encoding of it,
  // made only when asked for (patches/@remix-run+server-runtime, ADR 157), is never asked for.
  const hydrated = pageHasAppScripts(remixContext.staticHandlerContext.matches.map((match) => remixContext.routeModules[match.route.id]?.handle));
  if (!hydrated) remixContext.serverHandoffStream = undefined;

  let shellRendered = false;
  const body = await renderHtmlStream(
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={i18n}>
        <FuriganaReaderProvider value={readings?.reader ?? null}>
          <FuriganaScope annotate={language === "ja-easy"}>
            <RouteTextsProvider value={routeTextsOf(loadContext.routeTexts, remixContext.staticHandlerContext.matches.map((match) => remixContext.manifest.routes[match.route.id]?.module), language)}>
              <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
            </RouteTextsProvider>
          </FuriganaScope>
        </FuriganaReaderProvider>
      </I18nextProvider>
    </NonceProvider>,
    {
      nonce,
      waitForAll: isbot(request.headers.get("User-Agent") ?? ""),
      timeoutMs: streamTimeout + 1_000,
      onError(error: unknown) {
        // Before the shell, the promise rejects and Remix renders the error boundary; after it, the page streams on.
        if (!shellRendered) return;
        responseStatusCode = 500;
        log.error({ err: error }, "page failed while streaming, after its shell was sent");
      },
    },
  );
  shellRendered = true;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // The readings are for hydration: a page sent without the app's scripts (ADR 085) has none to give them to.
  const page = readings && hydrated ? appendAfterStream(body, () => readings.scriptTag(nonce)) : body;
  return new Response(page, { headers: responseHeaders, status: responseStatusCode });
}
