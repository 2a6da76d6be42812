import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UserText } from "../../components/user-text";
import { HelpPlaceSearchSchema, helpPlaceKinds } from "../../domain/enquiries/index";
import { listHelpPlaces } from "../../domain/enquiries/index.server";
import { prefectureName, prefectures } from "../../domain/kernel/index";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:where.title");

/**
 * Where else to ask (issue 59 item 1; ADR 145): cancer consultation and support centres, intractable-disease support
 * centres and genetic counselling clinics, by prefecture — a search by a plain GET form, so it works without scripts.
 * What is not a prefecture or a kind is read as no choice (all of Japan, every kind).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const search = HelpPlaceSearchSchema.parse({ prefecture: url.searchParams.get("prefecture") || undefined, kind: url.searchParams.get("kind") || undefined });
  return json({ search, places: await listHelpPlaces(search) });
}

export default function WhereToAsk() {
  const { t, i18n } = useTranslation("enquiries");
  const { search, places } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("where.title")}</h1>
      <p>{t("where.intro")}</p>
      <Form method="get" className="panel stack" noValidate>
        <div className="field">
          <label htmlFor="where-prefecture">{t("where.prefecture")}</label>
          <select id="where-prefecture" name="prefecture" defaultValue={search.prefecture ?? ""}>
            <option value="">{t("where.allJapan")}</option>
            {prefectures.map((prefecture) => (
              <option key={prefecture.code} value={prefecture.code}>
                {prefectureName(prefecture.code, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="where-kind">{t("where.kind")}</label>
          <select id="where-kind" name="kind" defaultValue={search.kind ?? ""}>
            <option value="">{t("where.allKinds")}</option>
            {helpPlaceKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`placeKinds.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("where.search")}
        </button>
      </Form>
      {places.length === 0 ? (
        <p data-testid="help-places-none">{t("where.none")}</p>
      ) : (
        <ul className="list-plain stack" data-testid="help-places">
          {places.map((place) => (
            <li key={place.id} className="panel">
              <h2 lang="ja">{i18n.language === "en" && place.nameEn ? place.nameEn : place.nameJa}</h2>
              <p>
                {t(`placeKinds.${place.kind}`)} · {prefectureName(place.prefecture, i18n.language)}
              </p>
              {place.phone ? (
                <p>
                  {t("where.phone")} <a href={`tel:${place.phone.replace(/[^0-9+]/g, "")}`}>{place.phone}</a>
                </p>
              ) : null}
              {place.url ? (
                <p>
                  <a href={place.url} rel="noopener noreferrer">
                    {t("where.website")}
                  </a>
                </p>
              ) : null}
              {place.noteJa ? (
                <p className="pre-wrap" lang="ja">
                  <UserText text={place.noteJa} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/ask">{t("faq.ask")}</a>
      </p>
    </div>
  );
}
