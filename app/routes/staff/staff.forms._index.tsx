import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { DateTime } from "../../components/date-time";
import { listProgrammeForms } from "../../domain/consent/index.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const forms = await listProgrammeForms();
  return json({ forms });
}

export default function FormVersions() {
  const { t } = useTranslation("forms");
  const { forms } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack forms-page">
      <h1>{t("list.title")}</h1>
      <p>{t("list.intro")}</p>
      {params.get("notice") === "deleted" ? (
        <div className="alert alert--success" role="status">
          <p>{t("notices.deleted")}</p>
        </div>
      ) : null}
      {forms.map((form) => (
        <FormSection key={form.formKey} formKey={form.formKey} versions={form.versions} />
      ))}
    </div>
  );
}

/** One arm's form (ADR 124): its versions and its own draft. */
function FormSection({ formKey, versions }: { formKey: string; versions: ReturnType<typeof useLoaderData<typeof loader>>["forms"][number]["versions"] }) {
  const { t } = useTranslation("forms");
  const openDraft = versions.find((version) => version.status === "draft");
  const headingId = `form-${formKey}`;
  return (
    <section className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t(`list.formHeading.${formKey}`)}</h2>
      <p>
        {openDraft ? (
          <a className="button" href={`/staff/forms/${openDraft.id}`}>
            {t("list.continueDraft", { version: openDraft.version })}
            <span className="visually-hidden"> ({t(`list.formHeading.${formKey}`)})</span>
          </a>
        ) : (
          <a className="button" href={`/staff/forms/new?form=${formKey}`}>
            {t("list.newDraft")}
            <span className="visually-hidden"> ({t(`list.formHeading.${formKey}`)})</span>
          </a>
        )}
      </p>
      {versions.length === 0 ? (
        <p>{t("list.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("fields.version")}</th>
                <th scope="col">{t("fields.kind")}</th>
                <th scope="col">{t("fields.status")}</th>
                <th scope="col">{t("fields.effectiveDate")}</th>
                <th scope="col">{t("fields.publishedAt")}</th>
                <th scope="col">{t("fields.contentHash")}</th>
                <th scope="col">{t("fields.consented")}</th>
                <th scope="col">{t("fields.reconsentRequired")}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id}>
                  <th scope="row">
                    <a href={`/staff/forms/${version.id}`} aria-label={t("list.open", { version: version.version })}>
                      {version.version}
                    </a>
                  </th>
                  <td>{t(`kinds.${version.kind}`)}</td>
                  <td>{t(`statuses.${version.status}`)}</td>
                  <td>{version.effectiveDate}</td>
                  <td>{version.publishedAt ? <DateTime value={version.publishedAt} withUtc /> : t("list.notYet")}</td>
                  <td>{version.contentHash ? <span className="hash" title={version.contentHash}>{version.contentHash.slice(0, 12)}…</span> : t("list.notYet")}</td>
                  <td>{version.consented}</td>
                  <td>{version.reconsentRequired}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
