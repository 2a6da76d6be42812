import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { removeTotp } from "../../domain/auth/index.server";
import { answerRefusals } from "../../forms/refusal-answers.server";

export async function loader() {
  throw redirect("/account");
}

/**
 * The account page's form posts here (no page of its own, so the adapter would answer in JSON): a proof that is not
 * fresh sends the browser to confirm it is them and back to the account page, as a page would.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  answerRefusals({ redirectTo: { reauthentication_required: `/account/reauthenticate?redirectTo=${encodeURIComponent("/account")}` } });
  await removeTotp({ session, request: await requestContextOf(request, context) });
  throw redirect("/account?notice=totp_removed");
}
