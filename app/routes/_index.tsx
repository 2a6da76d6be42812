import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getSession, secondFactorPending } from "../auth/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  throw redirect(session && !secondFactorPending(session) ? "/home" : "/sign-in");
}
