import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors, FormField, SelectField, TextAreaField } from "../../components/form-field";
import { HelpPlaceSchema, helpPlaceKinds } from "../../domain/enquiries/index";
import { listHelpPlaces, retireHelpPlace, saveHelpPlace } from "../../domain/enquiries/index.server";
import { prefectureName, prefectures } from "../../domain/kernel/index";
import { parseForm } from "../../forms/parse-form.server";
import { invalidForm } from "../../forms/refusals.server";
import { pageTitle } from "../../i18n/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "enquiries:places.title");

const PlaceStepSchema = z.discriminatedUnion("intent", [HelpPlaceSchema.extend({ intent: z.literal("add") }), z.object({ intent: z.literal("retire"), placeId: z.uuid() })]);

/** The directory of other places to ask (ADR 145), kept by the consultation desk's staff: add a place, take one off. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "enquiries:answer");
  return json({ places: await listHelpPlaces({}) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "enquiries:answer");
  const { submission } = await parseForm(request, PlaceStepSchema);
  if (submission.status !== "success") return invalidForm(submission);
  const requestContext = await requestContextOf(request, context);
  if (submission.value.intent === "retire") await retireHelpPlace({ placeId: submission.value.placeId, actorUserId: session.userId, request: requestContext });
  else {
    const { intent: _intent, ...input } = submission.value;
    await saveHelpPlace({ input, actorUserId: session.userId, request: requestContext });
  }
  throw redirect(`/staff/enquiries/places?saved=${submission.value.intent}`);
}

export default function HelpPlaces() {
  const { t, i18n } = useTranslation("enquiries");
  const { places } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useForm<{ kind: string; prefecture: string; nameJa: string; nameEn: string; phone: string; url: string; noteJa: string }>({ id: "help-place", lastResult: actionData?.result });
  const saved = params.get("saved");
  return (
    <div className="stack">
      <h1>{t("places.title")}</h1>
      {saved === "add" || saved === "retire" ? (
        <p className="alert alert--success" role="status">
          {t(`places.saved.${saved}`)}
        </p>
      ) : null}
      <p>{t("places.intro")}</p>
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h2>{t("places.addHeading")}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="add" />
        <SelectField field={fields.kind} label={t("where.kind")} options={helpPlaceKinds.map((kind) => ({ value: kind, label: t(`placeKinds.${kind}`) }))} placeholder="" />
        <SelectField field={fields.prefecture} label={t("where.prefecture")} options={prefectures.map((prefecture) => ({ value: prefecture.code, label: prefectureName(prefecture.code, i18n.language) }))} placeholder="" />
        <FormField field={fields.nameJa} label={t("places.nameJa")} />
        <FormField field={fields.nameEn} label={t("places.nameEn")} />
        <FormField field={fields.phone} label={t("where.phone")} inputMode="tel" />
        <FormField field={fields.url} label={t("places.url")} />
        <TextAreaField field={fields.noteJa} label={t("places.noteJa")} rows={3} />
        <button type="submit" className="button">
          {t("places.add")}
        </button>
      </Form>
      <ul className="list-plain stack" data-testid="staff-help-places">
        {places.map((place) => (
          <li key={place.id} className="panel">
            <p>
              <strong lang="ja">{place.nameJa}</strong> · {t(`placeKinds.${place.kind}`)} · {prefectureName(place.prefecture, i18n.language)}
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="retire" />
              <input type="hidden" name="placeId" value={place.id} />
              <button type="submit" className="button button--secondary" aria-label={t("places.retireLabel", { name: place.nameJa })}>
                {t("places.retire")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <p>
        <a href="/staff/enquiries">{t("staff.back")}</a>
      </p>
    </div>
  );
}
