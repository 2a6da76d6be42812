import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { formLanguages } from "@tsunagi/consent-rules/form-content";
import { loadFormVersionDetail } from "../../domain/consent/index.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { notFound } from "../../forms/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:detail.title", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const notices = ["created", "saved", "published", "draftOpen", "notEditable"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const [detail, language] = await Promise.all([
    loadFormVersionDetail(id.data),
    getLanguage(request),
  ]);
  const choices = detail.content.languages[language].choices;
  return json({
    id: detail.id,
    version: detail.version,
    kind: detail.kind,
    status: detail.status,
    effectiveDate: detail.effectiveDate,
    publishedAt: detail.publishedAt,
    contentHash: detail.contentHash,
    computedHash: detail.computedHash,
    interimRule: detail.content.interimRule,
    affects: detail.content.affectsChoiceIds.map((choiceId) => ({ id: choiceId, title: choices[choiceId]?.title ?? choiceId })),
    consented: detail.consented,
    reconsentRequired: detail.reconsentRequired,
    reconsentAudience: detail.reconsentAudience,
  });
}

export default function FormVersionDetail() {
  const { t } = useTranslation(["forms", "common"]);
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const draft = data.status === "draft";
  const languageName = (language: string) => t(`common:language.names.${language}`);
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/forms">{t("back.list")}</a>
      </p>
      <h1>{t("detail.title", { version: data.version })}</h1>
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{t(`notices.${notice}`, { version: data.version })}</p>
          {notice === "published" && data.contentHash ? (
            <p>
              {t("detail.publishedHash")} <span className="hash">{data.contentHash}</span>
            </p>
          ) : null}
        </div>
      ) : null}
      <dl className="facts-list panel">
        <dt>{t("fields.status")}</dt>
        <dd>{t(`statuses.${data.status}`)}</dd>
        <dt>{t("fields.kind")}</dt>
        <dd>
          {t(`kinds.${data.kind}`)}
          <span className="hint">{t(`settings.kind.${data.kind}`)}</span>
        </dd>
        <dt>{t("fields.effectiveDate")}</dt>
        <dd>{data.effectiveDate}</dd>
        {data.kind === "major" ? (
          <>
            <dt>{t("fields.affects")}</dt>
            <dd>
              {data.affects.length === 0 ? (
                t("detail.affectsEveryone")
              ) : (
                <ul>
                  {data.affects.map((choice) => (
                    <li key={choice.id}>
                      {choice.title} <span className="mono">({choice.id})</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>{t("fields.interimRule")}</dt>
            <dd>
              {t(`interimRules.${data.interimRule}.label`)}
              <span className="hint">{t(`interimRules.${data.interimRule}.explanation`)}</span>
            </dd>
          </>
        ) : null}
        <dt>{t("fields.publishedAt")}</dt>
        <dd>{data.publishedAt ? <DateTime value={data.publishedAt} withUtc /> : t("list.notYet")}</dd>
        <dt>{draft ? t("fields.hashIfPublished") : t("fields.contentHash")}</dt>
        <dd className="hash">{data.contentHash ?? data.computedHash}</dd>
        <dt>{t("fields.consented")}</dt>
        <dd>{data.consented}</dd>
        <dt>{t("fields.reconsentRequired")}</dt>
        <dd>{data.reconsentRequired}</dd>
      </dl>

      {draft ? (
        <>
          <section className="panel" aria-labelledby="edit-heading">
            <h2 id="edit-heading">{t("detail.editHeading")}</h2>
            <p>{t("detail.structureNote")}</p>
            <ul className="action-list">
              {formLanguages.map((language) => (
                <li key={language}>
                  <a href={`/staff/forms/${data.id}/edit?lang=${language}`}>{t("detail.editWording", { language: languageName(language) })}</a>
                </li>
              ))}
              <li>
                <a href={`/staff/forms/${data.id}/settings`}>{t("detail.editSettings")}</a>
              </li>
            </ul>
          </section>
          <PreviewLinks id={data.id} />
          <p>
            <a href={`/staff/forms/${data.id}/review`}>{t("detail.reviewLink")}</a>
          </p>
          <section className="panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{t("detail.publishHeading")}</h2>
            <p>{data.kind === "major" ? t("publish.consequence.major", { count: data.reconsentAudience }) : t("publish.consequence.minor")}</p>
            <p className="button-row">
              <a className="button" href={`/staff/forms/${data.id}/publish`}>
                {t("detail.publish", { version: data.version })}
              </a>
              <a className="button button--secondary" href={`/staff/forms/${data.id}/delete`}>
                {t("detail.delete")}
              </a>
            </p>
          </section>
        </>
      ) : (
        <>
          <p>{t("detail.publishedNote")}</p>
          <p>
            <a href={`/forms/${data.id}/review`}>{t("detail.reviewLink")}</a>
          </p>
          <PreviewLinks id={data.id} />
        </>
      )}
    </div>
  );
}

function PreviewLinks({ id }: { id: string }) {
  const { t } = useTranslation(["forms", "common"]);
  return (
    <section className="panel" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t("detail.previewHeading")}</h2>
      <ul className="action-list">
        {formLanguages.map((language) => (
          <li key={language}>
            <a href={`/staff/forms/${id}/preview?lang=${language}`}>{t("detail.preview", { language: t(`common:language.names.${language}`) })}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
