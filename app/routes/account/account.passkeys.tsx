import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { DateTime } from "../../components/date-time";
import { postPasskeyJson, problemOf, stringField, useHydrated, type PasskeyProblem } from "../../components/passkey-client";
import { listPasskeys } from "../../domain/auth/index.server";
import { removePasskey } from "../../domain/auth/index.server";
import { describeDevice } from "../../domain/auth/index";
import { firstCharacters } from "../../domain/kernel/index";
import { pageTitle } from "../../i18n/page-title";
import { badRequest } from "../../forms/refusals.server";
import { parseForm } from "../../forms/parse-form.server";

const RemoveSchema = z.object({ intent: z.literal("remove"), passkeyId: z.string().min(1).max(1024) });

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account:passkeys.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  return json({ passkeys: await listPasskeys(session.userId), device: describeDevice(request.headers.get("User-Agent")) });
}

/** Removal is a plain form post, so it works without JavaScript; adding needs it (WebAuthn is a browser API). */
export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "account:manage:own");
  const { submission } = await parseForm(request, RemoveSchema, { returnAfterReauthentication: "/account/passkeys" });
  if (submission.status !== "success") throw badRequest();
  await removePasskey({ session, passkeyId: submission.value.passkeyId, request: await requestContextOf(request, context) });
  throw redirect("/account/passkeys?notice=removed");
}

export default function Passkeys() {
  const { t } = useTranslation("account");
  const { passkeys, device } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const hydrated = useHydrated();
  const oneOf = device.browser ?? device.os;
  const defaultName =
    device.browser && device.os
      ? t("passkeys.defaultName", { browser: device.browser, os: device.os })
      : oneOf
        ? t("passkeys.defaultNameShort", { device: oneOf })
        : t("passkeys.defaultNameGeneric");
  return (
    <div className="stack">
      <h1>{t("passkeys.title")}</h1>
      <p>{t("passkeys.intro")}</p>
      {notice === "added" || notice === "removed" ? (
        <div className="alert alert--success" role="status">
          <p>{t(`passkeys.notices.${notice}`)}</p>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="passkey-list-heading">
        <h2 id="passkey-list-heading">{t("passkeys.list.heading")}</h2>
        {passkeys.length === 0 ? <p>{t("passkeys.list.empty")}</p> : null}
        <ul className="list-plain">
          {passkeys.map((passkey) => (
            <li key={passkey.id} data-testid="passkey-row">
              <p>
                <strong>{passkey.name}</strong> {passkey.backedUp ? <span className="tag">{t("passkeys.list.synced")}</span> : null}
              </p>
              <p>
                {t("passkeys.list.created")} <DateTime value={passkey.createdAt} />
              </p>
              <p>
                {t("passkeys.list.lastUsed")} {passkey.lastUsedAt ? <DateTime value={passkey.lastUsedAt} /> : t("passkeys.list.neverUsed")}
              </p>
              <Form noValidate method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="passkeyId" value={passkey.id} />
                <button type="submit" className="button button--secondary">
                  {t("passkeys.list.remove")}
                  <span className="visually-hidden">{t("passkeys.list.removeWhich", { name: passkey.name })}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="passkey-add-heading">
        <h2 id="passkey-add-heading">{t("passkeys.add.heading")}</h2>
        <p>{t("passkeys.add.description")}</p>
        {!hydrated ? <p>{t("passkeys.add.needsJavaScript")}</p> : browserSupportsWebAuthn() ? <AddPasskeyForm defaultName={defaultName} /> : <p>{t("passkeys.add.unsupported")}</p>}
      </section>
    </div>
  );
}

type AddError = PasskeyProblem | "invalid";

/** Name, then the browser's passkey dialog; rendered only after hydration, since it cannot work without JavaScript. */
function AddPasskeyForm({ defaultName }: { defaultName: string }) {
  const { t } = useTranslation("account");
  const navigate = useNavigate();
  const nameId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AddError | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    setBusy(true);
    setError(null);
    const outcome = await runRegistration(firstCharacters(typed, 60) || defaultName);
    setBusy(false);
    if (outcome.kind === "error") setError(outcome.error);
    else navigate(outcome.to, { replace: outcome.to.startsWith("/account/passkeys") });
  }

  return (
    <form noValidate onSubmit={(event) => void add(event)}>
      <div role="alert">{error ? <p className="alert alert--error">{t(`passkeys.errors.${error}`)}</p> : null}</div>
      <div className="field">
        <label htmlFor={nameId}>{t("passkeys.add.nameLabel")}</label>
        <span className="hint" id={`${nameId}-hint`}>
          {t("passkeys.add.nameHint")}
        </span>
        <input id={nameId} name="name" type="text" defaultValue={defaultName} maxLength={60} autoComplete="off" aria-describedby={`${nameId}-hint`} />
      </div>
      <button type="submit" className="button" disabled={busy} aria-busy={busy}>
        {busy ? t("passkeys.add.working") : t("passkeys.add.button")}
      </button>
    </form>
  );
}

type RegistrationOutcome = { kind: "done"; to: string } | { kind: "error"; error: AddError };

async function runRegistration(name: string): Promise<RegistrationOutcome> {
  try {
    const start = await postPasskeyJson("/passkeys/registration/options");
    // Not re-authenticated recently enough: the server says where to confirm it is you (401, ADR 131).
    const reauthenticate = start.status === 401 ? stringField(start.body, "redirectTo") : null;
    if (reauthenticate) return { kind: "done", to: reauthenticate };
    const challengeId = stringField(start.body, "challengeId");
    if (start.status !== 200 || !challengeId) return { kind: "error", error: "failed" };
    const response = await startRegistration({ optionsJSON: start.body?.options as PublicKeyCredentialCreationOptionsJSON });
    const finish = await postPasskeyJson("/passkeys/registration/verify", { challengeId, name, response });
    if (finish.status === 200) return { kind: "done", to: "/account/passkeys?notice=added" };
    const again = finish.status === 401 ? stringField(finish.body, "redirectTo") : null;
    if (again) return { kind: "done", to: again };
    return { kind: "error", error: finish.status === 400 ? "invalid" : "failed" };
  } catch (error) {
    return { kind: "error", error: problemOf(error) };
  }
}
