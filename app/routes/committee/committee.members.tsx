import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { designateViceChair } from "../../domain/access/index.server";
import { endMembership, loadCommittee, seatMember, setTallyRule } from "../../domain/access/index.server";
import { SeatMemberSchema } from "../../domain/access/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import { invalidForm } from "../../forms/refusals.server";
import { messagesOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "access:members.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "applications:manage");
  return json({ committee: await loadCommittee() });
}

/** The secretariat seats and unseats members, designates the vice-chair and sets the tally rule; each change audited. */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "applications:manage");
  const { submission } = await parseForm(request, SeatMemberSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const value = submission.value;
  const requestContext = await requestContextOf(request, context);
  if (value.intent === "seat") await seatMember({ ...value, endsOn: value.endsOn ?? null, actorUserId: session.userId, request: requestContext });
  else if (value.intent === "end") await endMembership({ memberId: value.memberId, actorUserId: session.userId, request: requestContext });
  else if (value.intent === "vice_chair")
    await designateViceChair({ memberId: value.memberId === "none" ? null : value.memberId, actorUserId: session.userId, request: requestContext });
  else {
    const { intent: _intent, ...rule } = value;
    await setTallyRule({ rule, actorUserId: session.userId, request: requestContext });
  }
  return redirect(`/committee/members?notice=${value.intent}`);
}

export default function CommitteeMembers() {
  const { t } = useTranslation("access");
  const { committee } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = searchParams.get("notice");
  const errors = messagesOf(actionData?.result);
  return (
    <div className="stack forms-page">
      <p>
        <a href="/committee">{t("review.back")}</a>
      </p>
      <h1>{t("members.title")}</h1>
      <p>{t("members.intro")}</p>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t("members.saved")}
        </p>
      ) : null}
      <FormErrors id="members-errors" errors={errors} />
      {committee.warnings.length ? (
        <div className="alert alert--error" role="alert" data-testid="composition-warnings">
          {committee.warnings.map((warning) => (
            <p key={warning}>{t(`members.warnings.${warning}`)}</p>
          ))}
        </div>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption>{t("members.caption", { count: committee.members.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("members.name")}</th>
              <th scope="col">{t("members.seat")}</th>
              <th scope="col">{t("members.sex")}</th>
              <th scope="col">{t("members.expertise")}</th>
              <th scope="col">{t("members.term")}</th>
              <th scope="col">{t("members.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {committee.members.map((member) => (
              <tr key={member.id}>
                <td>
                  <PersonName name={member.displayName} />
                </td>
                <td>
                  {t(`seats.${member.seat}`)}
                  {member.id === committee.viceChairMemberId ? (
                    <>
                      {" "}
                      <span className="tag" data-testid="vice-chair-tag">
                        {t("members.viceChairTag")}
                      </span>
                    </>
                  ) : null}
                </td>
                <td>{t(`sexes.${member.sex}`)}</td>
                <td>
                  <UserText text={member.expertise} />
                </td>
                <td>
                  {member.startsOn} – {member.endsOn ?? ""}
                </td>
                <td>
                  <Form noValidate method="post">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="memberId" value={member.id} />
                    <button type="submit" className="button button--secondary" aria-label={t("members.endFor", { name: member.displayName })}>
                      {t("members.end")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel stack" aria-labelledby="seat">
        <h2 id="seat">{t("members.seatHeading")}</h2>
        {committee.candidates.length === 0 ? (
          <p>{t("members.noCandidates")}</p>
        ) : (
          <Form noValidate method="post" className="stack">
            <input type="hidden" name="intent" value="seat" />
            <div className="field">
              <label htmlFor="seat-user">{t("members.person")}</label>
              <select id="seat-user" name="userId" required>
                {committee.candidates.map((candidate) => (
                  <option key={candidate.userId} value={candidate.userId}>
                    {candidate.displayName} ({candidate.seats.map((seat) => t(`seats.${seat}`)).join(" / ")})
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="seat-seat">{t("members.seat")}</label>
              <select id="seat-seat" name="seat" required>
                {(["expert", "panel", "chair"] as const).map((seat) => (
                  <option key={seat} value={seat}>
                    {t(`seats.${seat}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="seat-sex">{t("members.sex")}</label>
              <select id="seat-sex" name="sex" required>
                {(["female", "male", "other", "undisclosed"] as const).map((sex) => (
                  <option key={sex} value={sex}>
                    {t(`sexes.${sex}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="seat-expertise">{t("members.expertise")}</label>
              <input id="seat-expertise" name="expertise" maxLength={200} />
            </div>
            <div className="field">
              <label htmlFor="seat-ends">{t("members.endsOn")}</label>
              <input id="seat-ends" name="endsOn" type="date" />
            </div>
            <button type="submit" className="button">
              {t("members.seatSubmit")}
            </button>
          </Form>
        )}
      </section>
      <section className="panel stack" aria-labelledby="vice-chair">
        <h2 id="vice-chair">{t("members.viceChairHeading")}</h2>
        <p>{t("members.viceChairIntro")}</p>
        <Form noValidate method="post" className="stack">
          <input type="hidden" name="intent" value="vice_chair" />
          <div className="field">
            <label htmlFor="vice-chair-member">{t("members.viceChairMember")}</label>
            <select id="vice-chair-member" name="memberId" defaultValue={committee.viceChairMemberId ?? "none"} required>
              <option value="none">{t("members.viceChairNone")}</option>
              {committee.members
                .filter((member) => member.seat === "expert")
                .map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.displayName}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("members.viceChairSubmit")}
          </button>
        </Form>
      </section>
      <section className="panel stack" aria-labelledby="rule">
        <h2 id="rule">{t("members.ruleHeading")}</h2>
        <Form noValidate method="post" className="stack">
          <input type="hidden" name="intent" value="rule" />
          <div className="field">
            <label htmlFor="rule-quorum">{t("members.quorumPercent")}</label>
            <input id="rule-quorum" name="quorumPercent" type="number" min={0} max={99} defaultValue={committee.rule.quorumPercent} required />
          </div>
          <div className="field">
            <label htmlFor="rule-majority">{t("members.majorityPercent")}</label>
            <input id="rule-majority" name="majorityPercent" type="number" min={0} max={99} defaultValue={committee.rule.majorityPercent} required />
          </div>
          <label className="choice">
            <input type="checkbox" name="majorityInclusive" defaultChecked={committee.rule.majorityInclusive} /> {t("members.majorityInclusive")}
          </label>
          <label className="choice">
            <input type="checkbox" name="requirePanelVote" defaultChecked={committee.rule.requirePanelVote} /> {t("members.requirePanelVote")}
          </label>
          <button type="submit" className="button">
            {t("members.ruleSubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
