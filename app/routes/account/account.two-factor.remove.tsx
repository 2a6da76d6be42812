import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectToReauthentication, requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { isAppError } from "../../domain/kernel/index";
import { removeTotp } from "../../domain/auth/index.server";
import { notFoundOrForbidden } from "../../forms/refusals.server";

export async function loader() {
  throw redirect("/account");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  try {
    await removeTotp({ session, request: await requestContextOf(request, context) });
  } catch (error) {
    if (isAppError(error) && error.code === "reauthentication_required") redirectToReauthentication(request, "/account");
    notFoundOrForbidden(error);
  }
  throw redirect("/account?notice=totp_removed");
}
