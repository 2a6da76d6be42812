import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestContextOf } from "../../auth/request-context.server";
import { ReviewerRound } from "../../components/document-review/reviewer-round";
import { UserText } from "../../components/user-text";
import { addReviewComment } from "../../domain/consent/index.server";
import { openReviewInvitation, type OpenedReviewInvitation } from "../../domain/consent/index.server";
import { ReviewerCommentFormSchema } from "../../domain/consent/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:invited.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

// The link is a bearer secret: the server's Referrer-Policy (same-origin) keeps it from every other site, and the page
// loads nothing from one. Not no-referrer: its form would then post with "Origin: null", refused as cross-site (ADR 107).
const statusOf = (opened: OpenedReviewInvitation) => (opened.ok ? 200 : opened.reason === "invalid" ? 404 : 410);

/**
 * A patient outside the panel, invited by mail to one review round (issue 28 item 6; ADR 064): the link is their
 * access. It opens that round's draft and their own comments, exactly as a panel member reads them, and takes their
 * comments while the round is open. Opening it changes nothing (a mail scanner may fetch it).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const opened = await openReviewInvitation(params.token ?? "", await getLanguage(request));
  return json({ opened }, { status: statusOf(opened) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const opened = await openReviewInvitation(token, await getLanguage(request));
  if (!opened.ok) return json({ opened, result: null }, { status: statusOf(opened) });
  // A refusal is said above the form, the round still shown; withdrawn between reading the link and writing, the
  // link's page says so (410).
  const { submission } = await parseForm(request, ReviewerCommentFormSchema, { extra: { opened }, redirectTo: { not_found: `/review-invitation/${token}` } });
  if (submission.status !== "success") return invalidForm(submission, { opened });
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const { commentId } = await addReviewComment({
    roundId: opened.round.roundId,
    comment: { text: submission.value.text, sectionId: submission.value.sectionId, showName: submission.value.showName },
    reviewer: { invitationId: opened.invitationId },
    request: { ipAddress, userAgent },
  });
  return redirect(`/review-invitation/${token}?commented=1&at=${Date.now()}#mine-${commentId}`);
}

export default function ReviewInvitation() {
  const { t } = useTranslation("forms");
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const opened = actionData?.opened ?? loaded.opened;
  const errors = fieldErrorsOf(actionData?.result);
  return (
    <div className="stack forms-page">
      <h1>{t("invited.title")}</h1>
      {opened.ok ? (
        <>
          <p>
            <UserText text={opened.round.title} /> — {t("review.versionLabel", { version: opened.round.version })}
          </p>
          <p>{t("invited.greeting", { name: opened.name })}</p>
          <p>{t("invited.intro")}</p>
          {params.get("commented") === "1" ? (
            <div className="alert alert--success" role="status">
              <p>{t("reviewer.commented")}</p>
            </div>
          ) : null}
          <ReviewerRound round={opened.round} errors={errors} />
        </>
      ) : (
        <p className="alert alert--error" role="alert" data-testid="invitation-refused">
          {t(`invited.refused.${opened.reason}`)}
          {opened.reason === "published" ? (
            <>
              {" "}
              <a href={`/forms/${opened.formVersionId}/review`}>{t("invited.publicRecord")}</a>
            </>
          ) : null}
        </p>
      )}
    </div>
  );
}
