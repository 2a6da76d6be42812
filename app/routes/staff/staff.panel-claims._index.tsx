import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { FormErrors } from "../../components/form-field";
import { PersonName } from "../../components/person-name";
import { UserText } from "../../components/user-text";
import { panelClaimDecideDays, panelClaimPayDays, StaffClaimFormSchema } from "../../domain/panel-claims/index";
import { decidePanelClaim, listStaffPanelClaims, markPanelClaimPaid, type StaffPanelClaimView } from "../../domain/panel-claims/index.server";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { formatCalendarDay } from "../../i18n/calendar-day";
import type { SupportedLanguage } from "../../i18n/languages";
import { pageTitle } from "../../i18n/page-title";
import { TableScroll } from "../../components/table-scroll";
import { messagesOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "panel-claims:staff.title");

/**
 * The participant panel's claims for staff (issue 59 item 3; ADR 152): those waiting for a decision and those approved
 * and unpaid, earliest deadline (so overdue) first; approve, reject with a reason the member reads, mark paid with the
 * payment's reference; the last finished below.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "panel:pay");
  return json({ ...(await listStaffPanelClaims()), me: session.userId });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "panel:pay");
  // A claim chosen on the list that is gone, or the reader's own, is said above the lists in words, with its status.
  const { submission } = await parseForm(request, StaffClaimFormSchema, { inPlace: ["not_found", "forbidden"], inWords: { forbidden: "panel-claims:staff.ownClaim" } });
  if (submission.status !== "success") return invalidForm(submission);
  const form = submission.value;
  const base = { claimId: form.claimId, actorUserId: session.userId, request: await requestContextOf(request, context) };
  if (form.intent === "pay") await markPanelClaimPaid({ ...base, paymentReference: form.paymentReference });
  else if (form.intent === "reject") await decidePanelClaim({ ...base, decision: "rejected", reason: form.reason });
  else await decidePanelClaim({ ...base, decision: "approved" });
  throw redirect(`/staff/panel-claims?saved=${form.intent}`);
}

const yen = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export default function StaffPanelClaims() {
  const { t } = useTranslation("panel-claims");
  const { waiting, unpaid, finished, overdue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  return (
    <div className="stack">
      <h1>{t("staff.title")}</h1>
      {saved === "approve" || saved === "reject" || saved === "pay" ? (
        <p className="alert alert--success" role="status">
          {t(`staff.saved.${saved}`)}
        </p>
      ) : null}
      <FormErrors id="claim-step" errors={actionData ? messagesOf(actionData.result) : undefined} />
      <p>{t("staff.intro", { decideDays: panelClaimDecideDays, payDays: panelClaimPayDays })}</p>
      {overdue > 0 ? (
        <p className="alert alert--error" data-testid="overdue-count">
          {t("staff.overdueCount", { count: overdue })}
        </p>
      ) : null}
      <ClaimTable id="waiting" heading={t("staff.waiting")} claims={waiting} />
      <ClaimTable id="unpaid" heading={t("staff.unpaid")} claims={unpaid} />
      <ClaimTable id="finished" heading={t("staff.finished")} claims={finished} />
    </div>
  );
}

function ClaimTable({ id, heading, claims }: { id: "waiting" | "unpaid" | "finished"; heading: string; claims: StaffPanelClaimView[] }) {
  const { t, i18n } = useTranslation("panel-claims");
  const { me } = useLoaderData<typeof loader>();
  const language = i18n.language as SupportedLanguage;
  const amount = (value: number) => t("amount", { amount: yen.format(value) });
  return (
    <section className="panel stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {claims.length === 0 ? (
        <p>{t("staff.none")}</p>
      ) : (
        <TableScroll labelledBy={`${id}-heading`}>
          <table data-testid={`claims-${id}`}>
            <thead>
              <tr>
                <th scope="col">{t("staff.member")}</th>
                <th scope="col">{t("staff.claim")}</th>
                <th scope="col">{t("staff.amount")}</th>
                <th scope="col">{t("staff.dates")}</th>
                <th scope="col">{id === "finished" ? t("staff.state") : t("staff.deadline")}</th>
                {id === "finished" ? null : <th scope="col">{t("staff.action")}</th>}
              </tr>
            </thead>
            <tbody>
              {claims.map((claim) => {
                const named = { name: claim.memberName, amount: amount(claim.amountYen) };
                return (
                  <tr key={claim.id} data-claim-id={claim.id} data-overdue={claim.overdue ? "yes" : "no"}>
                    <td>
                      <PersonName name={claim.memberName} />
                    </td>
                    <td>
                      <strong>{t(`kinds.${claim.kind}`)}</strong>
                      <br />
                      <UserText text={claim.description} />
                    </td>
                    <td>{amount(claim.amountYen)}</td>
                    <td>
                      {formatCalendarDay(claim.occurredOn, language)}
                      <br />
                      <DateTime value={claim.submittedAt} withUtc />
                    </td>
                    <td>
                      {id === "waiting" ? formatCalendarDay(claim.decideByDay, language) : null}
                      {id === "unpaid" && claim.payByDay ? formatCalendarDay(claim.payByDay, language) : null}
                      {id === "finished" ? t(`states.${claim.state}`) : null}
                      {claim.overdue ? (
                        <>
                          {" "}
                          <strong className="tag" data-testid="overdue">
                            {t("staff.overdue")}
                          </strong>
                        </>
                      ) : null}
                      {id === "finished" && claim.reason ? (
                        <>
                          <br />
                          <UserText text={claim.reason} />
                        </>
                      ) : null}
                      {id === "finished" && claim.paymentReference ? (
                        <>
                          <br />
                          <UserText text={claim.paymentReference} />
                        </>
                      ) : null}
                    </td>
                    {id === "finished" ? null : (
                      <td>
                        {claim.state === "submitted" && claim.memberUserId !== me ? (
                          <div className="stack">
                            <Form method="post" noValidate>
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="claimId" value={claim.id} />
                              <button type="submit" className="button" aria-label={t("staff.approveNamed", named)}>
                                {t("staff.approve")}
                              </button>
                            </Form>
                            <Form method="post" noValidate className="stack">
                              <input type="hidden" name="intent" value="reject" />
                              <input type="hidden" name="claimId" value={claim.id} />
                              <div className="field">
                                <label htmlFor={`reason-${claim.id}`}>{t("staff.reason")}</label>
                                <textarea id={`reason-${claim.id}`} name="reason" rows={2} />
                              </div>
                              <div>
                                <button type="submit" className="button button--secondary" aria-label={t("staff.rejectNamed", named)}>
                                  {t("staff.reject")}
                                </button>
                              </div>
                            </Form>
                          </div>
                        ) : null}
                        {claim.state === "approved" && claim.memberUserId !== me ? (
                          <Form method="post" noValidate className="stack">
                            <input type="hidden" name="intent" value="pay" />
                            <input type="hidden" name="claimId" value={claim.id} />
                            <div className="field">
                              <label htmlFor={`reference-${claim.id}`}>{t("staff.paymentReference")}</label>
                              <input id={`reference-${claim.id}`} name="paymentReference" type="text" />
                            </div>
                            <div>
                              <button type="submit" className="button" aria-label={t("staff.payNamed", named)}>
                                {t("staff.pay")}
                              </button>
                            </div>
                          </Form>
                        ) : null}
                        {claim.memberUserId === me ? <p className="hint">{t("staff.ownClaim")}</p> : null}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
