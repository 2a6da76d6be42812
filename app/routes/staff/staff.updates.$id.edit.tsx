import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "../../auth/guards.server";
import { requestContextOf } from "../../auth/request-context.server";
import { FormErrors } from "../../components/form-field";
import { UpdateAudienceFields, UpdateTextFields } from "../../components/update-draft-fields";
import { editProgrammeUpdateDraft } from "../../domain/updates/index.server";
import { loadProgrammeUpdate, type StaffUpdate } from "../../domain/updates/index.server";
import { ProgrammeUpdateDraftSchema, readingCorrectionsText, UpdateCorrectionSchema } from "../../domain/updates/index";
import { parseForm } from "../../forms/parse-form.server";
import { pageTitle } from "../../i18n/page-title";
import formStyles from "../../styles/consent-forms.css?url";
import { invalidForm } from "../../forms/refusals.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "updates:staff.edit.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: formStyles }];

/** The update with a version still being written, or the way back to its page (published) or a 404. */
async function editableUpdate(updateId: string): Promise<StaffUpdate & { draft: NonNullable<StaffUpdate["draft"]> }> {
  const update = await loadProgrammeUpdate({ updateId });
  if (!update.draft) throw redirect(`/staff/updates/${update.id}?notice=notEditable`);
  return update as StaffUpdate & { draft: NonNullable<StaffUpdate["draft"]> };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(request, context, "updates:manage");
  const update = await editableUpdate(params.id ?? "");
  const { draft } = update;
  return json({
    id: update.id,
    correcting: update.publishedVersion !== null,
    version: draft.number,
    defaultValue: {
      audiences: update.audiences,
      programmeArea: update.programmeArea ?? "",
      titleJa: draft.titleJa,
      titleJaEasy: draft.titleJaEasy,
      titleEn: draft.titleEn,
      bodyJa: draft.bodyJa,
      bodyJaEasy: draft.bodyJaEasy,
      bodyEn: draft.bodyEn,
      readingCorrections: readingCorrectionsText(draft.readingCorrections),
      changeNoteJa: draft.changeNoteJa,
      changeNoteJaEasy: draft.changeNoteJaEasy,
      changeNoteEn: draft.changeNoteEn,
    },
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const session = await requirePermission(request, context, "updates:manage");
  const update = await editableUpdate(params.id ?? "");
  const { submission } = await parseForm(request, update.publishedVersion !== null ? UpdateCorrectionSchema : ProgrammeUpdateDraftSchema, {
    redirectTo: { update_not_editable: `/staff/updates/${update.id}?notice=notEditable` },
  });
  if (submission.status !== "success") return invalidForm(submission);
  const { ipAddress, userAgent } = await requestContextOf(request, context);
  await editProgrammeUpdateDraft({ updateId: update.id, draft: submission.value, actorUserId: session.userId, request: { ipAddress, userAgent } });
  throw redirect(`/staff/updates/${update.id}?notice=saved`);
}

type EditFields = Record<
  "titleJa" | "titleJaEasy" | "titleEn" | "bodyJa" | "bodyJaEasy" | "bodyEn" | "readingCorrections" | "programmeArea" | "changeNoteJa" | "changeNoteJaEasy" | "changeNoteEn",
  string
> & { audiences: string[] };

export default function EditProgrammeUpdate() {
  const { t } = useTranslation("updates");
  const { id, correcting, version, defaultValue } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<EditFields>({ id: "edit-update", defaultValue, lastResult: actionData?.result, shouldRevalidate: "onBlur" });
  return (
    <div className="stack forms-page">
      <p>
        <a href={`/staff/updates/${id}`}>{t("staff.edit.back")}</a>
      </p>
      <h1>{correcting ? t("staff.edit.correctionTitle", { version }) : t("staff.edit.title")}</h1>
      <p>{correcting ? t("staff.edit.correctionIntro") : t("staff.edit.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="panel stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        {correcting ? null : <UpdateAudienceFields audiences={fields.audiences} programmeArea={fields.programmeArea} />}
        <UpdateTextFields fields={fields} notes={correcting ? fields : undefined} />
        <button type="submit" className="button">
          {t("staff.edit.submit")}
        </button>
      </Form>
    </div>
  );
}
