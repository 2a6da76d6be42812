import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { ReviewerRound } from "../../components/document-review/reviewer-round";
import { UserText } from "../../components/user-text";
import { addReviewComment } from "../../domain/consent/index.server";
import { loadRoundForReviewer } from "../../domain/consent/index.server";
import { ReviewerCommentFormSchema } from "../../domain/consent/index";
import { parseForm } from "../../forms/parse-form.server";
import { getLanguage } from "../../i18n/language.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";
import { fieldErrorsOf } from "../../forms/submission-errors";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forms:reviewer.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** A panel member reads a draft form version section by section and comments (issue 28 item 6; ADR 061). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "documents:review");
  return json({ round: await loadRoundForReviewer({ roundId: params.roundId ?? "", reviewer: { userId: session.userId }, language: await getLanguage(request) }) });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "documents:review");
  const { submission } = await parseForm(request, ReviewerCommentFormSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const roundId = params.roundId ?? "";
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  const { commentId } = await addReviewComment({
    roundId,
    comment: { text: submission.value.text, sectionId: submission.value.sectionId, showName: submission.value.showName },
    reviewer: { userId: session.userId },
    request: { ipAddress, userAgent },
  });
  return redirect(`/panel/reviews/${roundId}?commented=1#mine-${commentId}`);
}

export default function PanelReviewRound() {
  const { t } = useTranslation("forms");
  const { round } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = fieldErrorsOf(actionData?.result);
  return (
    <div className="stack forms-page">
      <p>
        <a href="/panel/reviews">{t("reviewer.back")}</a>
      </p>
      <h1>{t("reviewer.title")}</h1>
      <p>
        <UserText text={round.title} /> — {t("review.versionLabel", { version: round.version })}
      </p>
      <p>{t("reviewer.intro")}</p>
      {params.get("commented") === "1" ? (
        <div className="alert alert--success" role="status">
          <p>{t("reviewer.commented")}</p>
        </div>
      ) : null}

      <ReviewerRound round={round} errors={errors} />
    </div>
  );
}
