import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../auth/guards.server";
import { listFollowedPeople } from "../domain/family/read-followed.server";
import { pageTitle } from "../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "family:follow.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requirePermission(request, context, "family:follow");
  return json({ people: await listFollowedPeople(session.userId) });
}

export default function FamilyHome() {
  const { t } = useTranslation("family");
  const { people } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("follow.title")}</h1>
      <p>{t("follow.intro")}</p>
      {people.length === 0 ? <p className="alert">{t("follow.nobody")}</p> : null}
      <ul className="list-plain stack">
        {people.map((person) => (
          <li key={person.accessId} className="panel" data-testid="followed-person">
            <h2 id={`person-${person.accessId}`}>{person.name}</h2>
            <p className="hint">{t(`relationship.${person.relationship}`)}</p>
            {person.paused ? (
              <p>{t("follow.paused", { name: person.name })}</p>
            ) : (
              <>
                <p>{t(`scope.${person.scope}`)}</p>
                <ul>
                  {person.sees.includes("summary") ? (
                    <li>
                      <a href={`/family/${person.accessId}`}>{t("follow.summaryLink", { name: person.name })}</a>
                    </li>
                  ) : null}
                  <li>
                    <a href="/updates">{t("follow.updatesLink")}</a>
                  </li>
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>{t("follow.never")}</p>
    </div>
  );
}
