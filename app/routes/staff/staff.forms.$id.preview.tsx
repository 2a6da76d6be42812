import { json, redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { ConsentFormView } from "../../components/consent-form-view";
import { choiceCatalogue } from "@tsunagi/consent-rules/choice-catalogue";
import { formLanguages, offeredChoices } from "@tsunagi/consent-rules/form-content";
import { formContentHash } from "../../domain/consent/index.server";
import { loadFormVersion } from "../../domain/consent/index.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { notFound } from "../../forms/refusals.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "forms:preview.pageTitle", { version: data?.version ?? "" });
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const LanguageSchema = z.enum(formLanguages);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "forms:manage");
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw notFound();
  const requested = new URL(request.url).searchParams.get("lang");
  if (requested === null) throw redirect(`/staff/forms/${id.data}/preview?lang=ja`);
  const language = LanguageSchema.safeParse(requested);
  if (!language.success) throw notFound();
  const version = await loadFormVersion(id.data);
  const { content } = version;
  return json({
    id: version.id,
    version: version.version,
    status: version.status,
    language: language.data,
    // For a draft, the hash it would be published with; for a published version, the hash signatures bind to.
    contentHash: version.contentHash ?? formContentHash(content),
    body: content.languages[language.data],
    questions: content.questions.map((question) => ({ id: question.id, options: question.options })),
    choices: offeredChoices(content).map((choiceId) => ({ id: choiceId, options: [...choiceCatalogue[choiceId].options] as string[] })),
  });
}

export default function PreviewFormVersion() {
  const { t } = useTranslation(["forms", "common"]);
  const data = useLoaderData<typeof loader>();
  const languageName = (language: string) => t(`common:language.names.${language}`);
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/forms/${data.id}`}>{t("back.detail", { version: data.version })}</a>
      </p>
      <h1>{t("preview.title", { version: data.version, language: languageName(data.language) })}</h1>
      <nav className="tabs" aria-label={t("preview.languages")}>
        <ul>
          {formLanguages.map((language) => (
            <li key={language}>
              <a href={`/staff/forms/${data.id}/preview?lang=${language}`} aria-current={language === data.language ? "page" : undefined}>
                {languageName(language)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="alert">
        <p>{t(data.status === "draft" ? "preview.draftNote" : "preview.publishedNote")}</p>
        <p>
          {t(data.status === "draft" ? "fields.hashIfPublished" : "fields.contentHash")}: <span className="hash">{data.contentHash}</span>
        </p>
      </div>
      <ConsentFormView language={data.language} body={data.body} questions={data.questions} choices={data.choices} />
    </div>
  );
}
