import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FieldError, FormErrors } from "../../components/form-field";
import { UpdateMarkdown } from "../../components/update-markdown";
import { UserText } from "../../components/user-text";
import { assessEasyJapanese } from "../../domain/text/index.server";
import { easyJapaneseLimits } from "../../domain/text/index";
import { countUpdateReaders } from "../../domain/updates/index.server";
import { loadProgrammeUpdate } from "../../domain/updates/index.server";
import { PublishUpdateSchema } from "../../domain/updates/index";
import { publishProgrammeUpdate } from "../../domain/updates/index.server";
import { startUpdateCorrection } from "../../domain/updates/index.server";
import { textIn } from "../../domain/updates/index";
import { parseForm } from "../../forms/parse-form.server";
import { htmlLangOf, supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "updates:staff.list.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

const notices = ["created", "saved", "published", "scheduled", "correctionStarted", "notEditable"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "updates:manage");
  const update = await loadProgrammeUpdate({ updateId: params.id ?? "" });
  const shown = update.draft ?? update.versions[0]!;
  // Advice on the やさしい日本語 text before it is published (never a block): ADR 037's check, on what readers will read.
  const easyText = [shown.titleJaEasy, shown.bodyJaEasy].filter((text) => text.trim() !== "").join("\n");
  const readability = easyText ? await assessEasyJapanese(easyText) : null;
  // Whom publishing reaches, stated in the box the publisher ticks (issue 29 item 6).
  const reach = update.draft ? await countUpdateReaders({ audiences: update.audiences, programmeArea: update.programmeArea }) : null;
  return json({ update, shownVersion: shown.number, readability, reach });
}

// By intent first, so a publish form's own errors (an unticked box, a date) come back on their fields.
const ActionSchema = z.discriminatedUnion("intent", [PublishUpdateSchema, z.object({ intent: z.literal("correct") })]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "updates:manage");
  const { submission } = await parseForm(request, ActionSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const updateId = params.id ?? "";
  if (submission.value.intent === "correct") {
    await startUpdateCorrection({ updateId, actorUserId: session.userId, request: { ipAddress, userAgent } });
    throw redirect(`/staff/updates/${updateId}/edit`);
  }
  const publishAt = submission.value.when === "scheduled" ? submission.value.publishAt : null;
  const published = await publishProgrammeUpdate({ updateId, publishAt, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/updates/${updateId}?notice=${published.visibleFrom.getTime() > Date.now() ? "scheduled" : "published"}`);
}

type PublishFields = { intent: string; when: string; publishAt: string; confirm: string };

export default function StaffProgrammeUpdate() {
  const { t } = useTranslation(["updates", "common"]);
  const { update, shownVersion, readability, reach } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = notices.find((name) => name === params.get("notice"));
  const [form, fields] = useForm<PublishFields>({ id: "publish-update", lastResult: actionData?.result });
  const shown = update.versions.find((version) => version.number === shownVersion)!;
  const correcting = update.draft !== null && update.publishedVersion !== null;
  const whenHintId = "publish-when-hint";
  return (
    <div className="stack forms-page">
      <p>
        <a href="/staff/updates">{t("staff.detail.back")}</a>
      </p>
      <h1>{shown.titleJa ? <UserText text={shown.titleJa} /> : t("staff.list.untitled")}</h1>
      {notice ? (
        <div className={notice === "notEditable" ? "alert alert--error" : "alert alert--success"} role="status">
          <p>{t(`staff.detail.notices.${notice}`)}</p>
        </div>
      ) : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <dl className="facts-list panel">
        <dt>{t("staff.fields.state")}</dt>
        <dd data-testid="update-state">{t(`states.${update.state}`)}</dd>
        <dt>{t("staff.fields.audiences")}</dt>
        <dd>{update.audiences.map((audience) => t(`audiences.${audience}`)).join("、")}</dd>
        <dt>{t("staff.fields.programmeArea")}</dt>
        <dd>{t(`areas.${update.programmeArea ?? "any"}`)}</dd>
        <dt>{t("staff.fields.publishAt")}</dt>
        <dd>{update.publishAt ? <DateTime value={update.publishAt} withUtc /> : "—"}</dd>
        <dt>{t("staff.fields.version")}</dt>
        <dd>{shown.number}</dd>
      </dl>
      {update.draft ? (
        <p>
          <a className="button button--secondary" href={`/staff/updates/${update.id}/edit`}>
            {correcting ? t("staff.detail.editCorrection") : t("staff.detail.edit")}
          </a>
        </p>
      ) : null}

      <section className="stack" aria-labelledby="update-preview">
        <h2 id="update-preview">{t("staff.detail.previewHeading")}</h2>
        <p className="hint">{t("staff.detail.previewHint")}</p>
        {supportedLanguages.map((language) => {
          const text = textIn(shown, language);
          return (
            <FuriganaScope annotate={language === "ja-easy"} key={language}>
              <article className="panel stack" lang={htmlLangOf(language)} data-testid={`preview-${language}`} aria-labelledby={`preview-${language}-heading`}>
                <p className="hint" lang={htmlLangOf(language)}>
                  {t(`common:language.names.${language}`)}
                </p>
                <h3 id={`preview-${language}-heading`}>{text.title || t("staff.detail.missingTitle")}</h3>
                {text.body ? <UpdateMarkdown markdown={text.body} corrections={language === "ja-easy" ? shown.readingCorrections : null} /> : <p>{t("staff.detail.missingBody")}</p>}
                {text.changeNote ? (
                  <p>
                    <strong>{t("staff.fields.changeNote")}:</strong> {text.changeNote}
                  </p>
                ) : null}
              </article>
            </FuriganaScope>
          );
        })}
      </section>

      <section className="stack" aria-labelledby="update-readability">
        <h2 id="update-readability">{t("staff.readability.heading")}</h2>
        <p className="hint">{t("staff.readability.intro")}</p>
        {readability ? (
          <ul data-testid="readability">
            <li>
              {readability.longSentences.length === 0
                ? t("staff.readability.sentencesOk", { limit: easyJapaneseLimits.sentenceLength })
                : t("staff.readability.longSentences", { count: readability.longSentences.length, limit: easyJapaneseLimits.sentenceLength })}
              {readability.longSentences.length > 0 ? (
                <ul>
                  {readability.longSentences.map((sentence) => (
                    <li key={sentence.index} lang="ja">
                      {t("staff.readability.sentence", { length: sentence.length, excerpt: sentence.excerpt })}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
            <li>
              {t(readability.kanjiShareAdvice ? "staff.readability.kanjiHigh" : "staff.readability.kanjiOk", {
                share: Math.round(readability.kanjiShare * 100),
                limit: Math.round(easyJapaneseLimits.kanjiShare * 100),
              })}
            </li>
            <li>
              {readability.unknownWords.length === 0 ? t("staff.readability.wordsOk") : t("staff.readability.unknownWords", { count: readability.unknownWords.length })}
              {readability.unknownWords.length > 0 ? (
                <p lang="ja">{readability.unknownWords.map((word) => (word.word === word.surface ? word.word : `${word.word}（${word.surface}）`)).join("、")}</p>
              ) : null}
            </li>
          </ul>
        ) : (
          <p>{t("staff.readability.noText")}</p>
        )}
      </section>

      {update.draft ? (
        <section className="stack" aria-labelledby="update-publish">
          <h2 id="update-publish">{correcting ? t("staff.detail.publishCorrectionHeading") : t("staff.detail.publishHeading")}</h2>
          {update.missing.languages.length > 0 ? (
            <p className="alert alert--error" data-testid="missing-languages">
              {t("staff.detail.missingLanguages", { languages: update.missing.languages.map((language) => t(`common:language.names.${language}`)).join("、") })}
            </p>
          ) : null}
          {update.missing.changeNotes.length > 0 ? (
            <p className="alert alert--error">{t("staff.detail.missingChangeNotes", { languages: update.missing.changeNotes.map((language) => t(`common:language.names.${language}`)).join("、") })}</p>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="panel stack">
            <input type="hidden" name="intent" value="publish" />
            {correcting ? (
              <input type="hidden" name="when" value="now" />
            ) : (
              <>
                <fieldset className="choice-group" aria-describedby={whenHintId}>
                  <legend>{t("staff.detail.when")}</legend>
                  <p className="hint" id={whenHintId}>
                    {t("staff.detail.whenHint")}
                  </p>
                  {(["now", "scheduled"] as const).map((when) => (
                    <div className="choice-option" key={when}>
                      <input type="radio" id={`publish-when-${when}`} name={fields.when.name} value={when} defaultChecked={when === "now"} />
                      <label htmlFor={`publish-when-${when}`}>{t(`staff.detail.whenOptions.${when}`)}</label>
                    </div>
                  ))}
                  <FieldError field={fields.when} />
                </fieldset>
                <div className="field">
                  <label htmlFor={fields.publishAt.id}>{t("staff.detail.publishAt")}</label>
                  <span className="hint" id={`${fields.publishAt.id}-hint`}>
                    {t("staff.detail.publishAtHint")}
                  </span>
                  <input {...getInputProps(fields.publishAt, { type: "datetime-local", ariaDescribedBy: `${fields.publishAt.id}-hint` })} key={fields.publishAt.key} />
                  <FieldError field={fields.publishAt} />
                </div>
              </>
            )}
            {reach ? (
              <div className="choice-option">
                <input type="checkbox" id={fields.confirm.id} name={fields.confirm.name} value="yes" required aria-describedby={fields.confirm.errors ? fields.confirm.errorId : undefined} />
                <label htmlFor={fields.confirm.id} data-testid="publish-reach">
                  {t(reach.public ? "staff.detail.confirmPublishPublic" : "staff.detail.confirmPublish", { count: reach.accounts })}
                </label>
                <FieldError field={fields.confirm} />
              </div>
            ) : null}
            <button type="submit" className="button">
              {correcting ? t("staff.detail.publishCorrection") : t("staff.detail.publish")}
            </button>
          </Form>
        </section>
      ) : (
        <section className="stack" aria-labelledby="update-correct">
          <h2 id="update-correct">{t("staff.detail.correctHeading")}</h2>
          <p>{t("staff.detail.correctHint")}</p>
          <Form noValidate method="post">
            <button type="submit" name="intent" value="correct" className="button button--secondary">
              {t("staff.detail.correct")}
            </button>
          </Form>
        </section>
      )}

      <section className="stack" aria-labelledby="update-versions">
        <h2 id="update-versions">{t("staff.detail.versionsHeading")}</h2>
        <ul>
          {update.versions.map((version) => (
            <li key={version.number}>
              {t("staff.detail.versionLine", { number: version.number })}{" "}
              {version.publishedAt ? (
                <>
                  {t("staff.detail.publishedOn")} <DateTime value={version.publishedAt} withUtc />
                </>
              ) : (
                t("staff.detail.draftVersion")
              )}
              {version.changeNoteJa ? <span lang="ja"> — {version.changeNoteJa}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
