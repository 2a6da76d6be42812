import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { participantQuery } from "../../components/consent-dashboard";
import { DateTime } from "../../components/date-time";
import { FormErrors, FormField } from "../../components/form-field";
import { RadioOption } from "../../components/journey/journey-parts";
import { PersonName } from "../../components/person-name";
import { familyRelationships, familyScopes } from "../../domain/family/index";
import { FamilyActionSchema } from "../../domain/family/index";
import { inviteFamilyMember } from "../../domain/family/index.server";
import { loadFamilySharing } from "../../domain/family/index.server";
import { changeFamilyScope, confirmFamilyAccess, endFamilyAccess, nominateFamilyRelative, withdrawFamilyInvitation } from "../../domain/family/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { supportedLanguages } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { sentenceSubjectFor, subjectSentence, type SentenceSubject } from "../../i18n/sentence-subject";
import journeyStyles from "../../styles/consent-journey.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: journeyStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "family:manage.title");

const notices = ["invited", "mailFailed", "changed", "ended", "confirmed", "withdrawn", "nominated", "unnominated"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "family:manage");
  const url = new URL(request.url);
  const sharing = await loadFamilySharing({ userId: session.userId, participantId: url.searchParams.get("participant") });
  const notice = notices.find((value) => value === url.searchParams.get("notice")) ?? null;
  return json({ sharing, notice, query: participantQuery(url.searchParams.get("participant")) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "family:manage");
  const participantId = new URL(request.url).searchParams.get("participant");
  const { submission } = await parseForm(request, FamilyActionSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const owner = { userId: session.userId, participantId, request: await requestContextOf(request, context) };
  const done = (notice: (typeof notices)[number]) => {
    const query = participantQuery(participantId);
    return redirect(`/consent/family${query ? `${query}&` : "?"}notice=${notice}`);
  };
  const value = submission.value;
  switch (value.intent) {
    case "invite": {
      const { intent: _intent, ...input } = value;
      const invited = await inviteFamilyMember({ ...owner, input });
      return done(invited.mailed ? "invited" : "mailFailed");
    }
    case "change_scope":
      await changeFamilyScope({ ...owner, accessId: value.accessId, scope: value.scope });
      return done("changed");
    case "end":
      await endFamilyAccess({ ...owner, accessId: value.accessId });
      return done("ended");
    case "confirm":
      await confirmFamilyAccess({ ...owner, accessId: value.accessId });
      return done("confirmed");
    case "withdraw_invitation":
      await withdrawFamilyInvitation({ ...owner, invitationId: value.invitationId });
      return done("withdrawn");
    case "nominate":
      await nominateFamilyRelative({ ...owner, accessId: value.accessId, nominate: value.nominate === "yes" });
      return done(value.nominate === "yes" ? "nominated" : "unnominated");
  }
}

type Sharing = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["sharing"]>;

function AccessRow({ access, query, as, about }: { access: Sharing["accesses"][number]; query: string; as: "self" | "proxy"; about: SentenceSubject }) {
  const { t } = useTranslation("family");
  const headingId = `access-${access.id}`;
  return (
    <li className="panel" aria-labelledby={headingId} data-testid="family-access">
      <h3 id={headingId}>
        <PersonName name={access.name} /> <span className="hint">({t(`relationship.${access.relationship}`)})</span>
      </h3>
      <p>
        <span className="tag">{t(`state.${access.state}`)}</span>{" "}
        {access.state === "active" ? subjectSentence(t, `scope.${access.scope}`, about) : access.state === "paused" ? t("manage.pausedAtMajority") : null}
      </p>
      <dl>
        <dt>{t("manage.since")}</dt>
        <dd>
          <DateTime value={access.grantedAt} />
        </dd>
        {access.endedAt ? (
          <>
            <dt>{t("manage.endedOn")}</dt>
            <dd>
              <DateTime value={access.endedAt} />
              {access.endedByFollower ? <span data-testid="ended-by-follower"> ({t("manage.endedByFollower")})</span> : null}
            </dd>
          </>
        ) : null}
        {access.nominated ? (
          <>
            <dt>{t("manage.nominatedLabel")}</dt>
            <dd data-testid="nominated">{subjectSentence(t, "manage.nominated", about)}</dd>
          </>
        ) : null}
        <dt>{t("manage.lastLooked")}</dt>
        <dd>{access.lastViewedAt ? <DateTime value={access.lastViewedAt} /> : t("manage.neverLooked")}</dd>
      </dl>
      {access.state === "ended" ? null : (
        <div className="cluster">
          {access.state === "paused" && as === "self" ? (
            <Form noValidate method="post" action={`/consent/family${query}`}>
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="accessId" value={access.id} />
              <button type="submit" className="button">
                {t("manage.confirm")}
              </button>
            </Form>
          ) : null}
          {access.state === "active" ? (
            <Form noValidate method="post" action={`/consent/family${query}`}>
              <input type="hidden" name="intent" value="nominate" />
              <input type="hidden" name="accessId" value={access.id} />
              <input type="hidden" name="nominate" value={access.nominated ? "no" : "yes"} />
              <button type="submit" className="button button--secondary">
                {access.nominated ? t("manage.unnominate") : subjectSentence(t, "manage.nominate", about)}
              </button>
            </Form>
          ) : null}
          {access.state === "active" ? (
            <Form noValidate method="post" action={`/consent/family${query}`} className="cluster">
              <input type="hidden" name="intent" value="change_scope" />
              <input type="hidden" name="accessId" value={access.id} />
              <input type="hidden" name="scope" value={access.scope === "updates" ? "updates_and_summary" : "updates"} />
              <button type="submit" className="button button--secondary">
                {access.scope === "updates" ? subjectSentence(t, "manage.widen", about) : t("manage.narrow")}
              </button>
            </Form>
          ) : null}
          <Form noValidate method="post" action={`/consent/family${query}`}>
            <input type="hidden" name="intent" value="end" />
            <input type="hidden" name="accessId" value={access.id} />
            <button type="submit" className="button button--danger">
              {t("manage.end")}
            </button>
          </Form>
        </div>
      )}
    </li>
  );
}

export default function ConsentFamily() {
  const { t } = useTranslation(["family", "common", "dashboard"]);
  const { sharing, notice, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<{ fullName: string; relationship: string; email: string; scope: string; language: string }>({
    id: "invite-family",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
  });
  if (!sharing) {
    return (
      <div className="stack">
        <h1>{t("manage.title")}</h1>
        <p className="alert">{t("dashboard:notLinked.body")}</p>
      </div>
    );
  }
  // Whose family sharing this is: the reader's own, or — to a proxy — the person they act for, by name (ADR 119).
  const about = sentenceSubjectFor(sharing.as === "proxy" ? { as: "proxy", name: sharing.fullName } : { as: "self" });
  const say = (key: string) => subjectSentence(t, key, about);
  const live = sharing.accesses.filter((access) => access.state !== "ended");
  const ended = sharing.accesses.filter((access) => access.state === "ended");
  return (
    <div className="stack">
      <h1>{say("manage.title")}</h1>
      <p>{say("manage.intro")}</p>
      <p>{say("manage.never")}</p>
      {notice ? (
        <p className={`alert ${notice === "mailFailed" ? "alert--error" : "alert--success"}`} role="status">
          {t(`manage.notice.${notice}`)}
        </p>
      ) : null}
      {sharing.pausedAtMajority > 0 && sharing.as === "self" ? (
        <p className="alert" role="status" data-testid="family-paused-notice">
          {t("manage.pausedNotice", { count: sharing.pausedAtMajority })}
        </p>
      ) : null}

      <section aria-labelledby="who-heading">
        <h2 id="who-heading">{t("manage.whoHeading")}</h2>
        {live.length === 0 ? <p>{say("manage.nobody")}</p> : null}
        <ul className="list-plain stack">
          {live.map((access) => (
            <AccessRow key={access.id} access={access} query={query} as={sharing.as} about={about} />
          ))}
        </ul>
      </section>

      {sharing.invitations.length > 0 ? (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t("manage.invitationsHeading")}</h2>
          <ul className="list-plain stack">
            {sharing.invitations.map((invitation) => (
              <li key={invitation.id} className="panel" data-testid="family-invitation">
                <p>
                  <strong>
                    <PersonName name={invitation.name} />
                  </strong>{" "}
                  ({t(`relationship.${invitation.relationship}`)}) · {invitation.email}
                </p>
                <p>{say(`scope.${invitation.scope}`)}</p>
                <p className="hint">
                  {t("manage.expires")} <DateTime value={invitation.expiresAt} />
                </p>
                <Form noValidate method="post" action={`/consent/family${query}`}>
                  <input type="hidden" name="intent" value="withdraw_invitation" />
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <button type="submit" className="button button--secondary">
                    {t("manage.withdrawInvitation")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <Form method="post" action={`/consent/family${query}`} {...getFormProps(form)} className="panel stack">
        <h2 id="invite-heading">{t("manage.inviteHeading")}</h2>
        <p>{t("manage.inviteIntro")}</p>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="invite" />
        <FormField field={fields.fullName} label={t("manage.field.fullName")} type="text" autoComplete="off" />
        <div className="field">
          <label htmlFor={fields.relationship.id}>{say("manage.field.relationship")}</label>
          <select id={fields.relationship.id} name={fields.relationship.name} defaultValue={fields.relationship.initialValue ?? ""} aria-invalid={fields.relationship.errors?.length ? true : undefined} aria-describedby={fields.relationship.errors?.length ? fields.relationship.errorId : undefined}>
            <option value="">{t("manage.field.choose")}</option>
            {familyRelationships.map((relationship) => (
              <option key={relationship} value={relationship}>
                {t(`relationship.${relationship}`)}
              </option>
            ))}
          </select>
          {fields.relationship.errors?.length ? (
            <p className="field-error" id={fields.relationship.errorId} role="alert">
              {fields.relationship.errors.join(" ")}
            </p>
          ) : null}
        </div>
        <FormField field={fields.email} label={t("manage.field.email")} type="email" autoComplete="off" />
        <fieldset className="journey-options" aria-describedby={fields.scope.errors?.length ? fields.scope.errorId : undefined}>
          <legend>{t("manage.field.scope")}</legend>
          {familyScopes.map((scope) => (
            <RadioOption key={scope} name={fields.scope.name} value={scope} label={say(`scope.${scope}`)} defaultChecked={(fields.scope.initialValue ?? "updates") === scope} />
          ))}
          {fields.scope.errors?.length ? (
            <p className="field-error" id={fields.scope.errorId} role="alert">
              {fields.scope.errors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={fields.language.id}>{t("manage.field.language")}</label>
          <select id={fields.language.id} name={fields.language.name} defaultValue={fields.language.initialValue ?? "ja"}>
            {supportedLanguages.map((language) => (
              <option key={language} value={language}>
                {t(`common:language.names.${language}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t("manage.invite")}
        </button>
      </Form>

      <section aria-labelledby="reads-heading">
        <h2 id="reads-heading">{say("manage.readsHeading")}</h2>
        {sharing.reads.length === 0 ? <p>{say("manage.noReads")}</p> : null}
        <ul className="list-plain" data-testid="family-reads">
          {sharing.reads.map((read) => (
            <li key={`${read.at}-${read.name}`}>
              <DateTime value={read.at} /> — <PersonName name={read.name} />
            </li>
          ))}
        </ul>
      </section>

      {ended.length > 0 ? (
        <section aria-labelledby="ended-heading">
          <h2 id="ended-heading">{t("manage.endedHeading")}</h2>
          <ul className="list-plain stack">
            {ended.map((access) => (
              <AccessRow key={access.id} access={access} query={query} as={sharing.as} about={about} />
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={`/consent${query}`}>{say("manage.back")}</a>
      </p>
    </div>
  );
}
