import "./styles/app.css";
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { FuriganaCorrections } from "@tsunagi/furigana-jsx/furigana";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { getSession, secondFactorPending } from "./auth/guards.server";
import { SiteFooter } from "./components/site-footer";
import { SiteHeader } from "./components/site-header";
import { menuFor, publicMenu } from "./domain/authz/index";
import { readNameReadings } from "./domain/consent/index.server";
import { capturedMailEnabled } from "./domain/mail/index.server";
import { getLanguage } from "./i18n/language.server";
import { defaultLanguage, htmlLangOf } from "./i18n/languages";
import { useNonce } from "./nonce";
import { routeTextsAttribute, useRouteTexts } from "./rendering/route-texts";
import { pageHasAppScripts } from "./rendering/page-scripts";
import { appleTouchIconPath, manifestPath, serviceWorkerRegistrationScript } from "./pwa/installable-app";
import { DocumentHeadBasics } from "./pwa/document-head";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [language, session] = await Promise.all([getLanguage(request), getSession(request, context)]);
  // A clinic tablet locked to a patient's journey (ADR 121) is sent no staff name and no menu, not only shown none.
  const kiosk = session?.kiosk != null;
  const user = session && !kiosk && !secondFactorPending(session) ? { displayName: session.user.displayName, role: session.user.role } : null;
  // ADR 123: the names this person's pages show, read as registered (or plain), over every page in やさしい日本語.
  const nameReadings = user && language === "ja-easy" ? await readNameReadings(session!.user) : null;
  return {
    language,
    kiosk,
    user,
    nameReadings,
    menu: kiosk ? [] : user ? menuFor(session!.user.roles, { mailCaptured: capturedMailEnabled(context.clientAddress) }) : publicMenu,
    textsChunks: context.textsChunks?.[language] ?? [],
  };
}

export const meta: MetaFunction = () => [{ title: "Tsunagi" }];

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.language ?? defaultLanguage;
  const nonce = useNonce();
  const routeTexts = useRouteTexts();
  const { t } = useTranslation("common");
  const scripts = pageHasAppScripts(useMatches().map((match) => match.handle));
  return (
    <html lang={htmlLangOf(language)} data-language={language} dir="ltr">
      <head>
        <DocumentHeadBasics />
        {/* The installable app (ADR 109): the manifest in the reader's language, which a browser fetches without cookies. */}
        <link rel="manifest" href={manifestPath(language)} />
        <link rel="apple-touch-icon" href={appleTouchIconPath} />
        <Meta />
        <Links />
        {/* ADR 153, 156: the page's language's texts every page uses, which the entry imports before hydrating, asked for with it. */}
        {scripts ? data?.textsChunks.map((href) => <link key={href} rel="modulepreload" href={href} nonce={nonce || undefined} />) : null}
        {/* ADR 156: the texts the page's routes load with their modules. */}
        {scripts ? routeTexts.map((href) => <link key={href} rel="modulepreload" href={href} nonce={nonce || undefined} {...{ [routeTextsAttribute]: "" }} />) : null}
      </head>
      <body>
        <FuriganaCorrections corrections={data?.nameReadings}>
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          {/* Without the root's data (an error page thrown before or by its loader) the visitor is treated as signed out:
              the public pages' menu, never an empty menu button. */}
          <SiteHeader language={language} user={data?.user ?? null} menu={data?.menu ?? [...publicMenu]} kiosk={data?.kiosk ?? false} />
          <main id="main" tabIndex={-1} className="page">
            {children}
          </main>
          <SiteFooter kiosk={data?.kiosk ?? false} />
        </FuriganaCorrections>
        {/* ADR 109: the service worker, registered from every page whether or not it has the app's scripts. */}
        <script nonce={nonce || undefined} dangerouslySetInnerHTML={{ __html: serviceWorkerRegistrationScript(language) }} suppressHydrationWarning />
        {/* ADR 085: a page whose routes need nothing from JavaScript goes without the app's scripts. */}
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  // Its words are in `common`, which every page holds: `errors` is only for the pages whose code names it (ADR 161).
  const { t } = useTranslation("common");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 400 ? "errorPage.badRequest" : status === 403 ? "errorPage.forbidden" : status === 404 ? "errorPage.notFound" : "errorPage.unexpected";
  return (
    <section className="panel" aria-labelledby="error-title">
      <h1 id="error-title">{t(`${key}.title`)}</h1>
      <p>{t(`${key}.body`)}</p>
      <p>
        <a href="/">{t("errorPage.backHome")}</a>
      </p>
    </section>
  );
}
