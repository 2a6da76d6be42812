import { translator } from "../../../i18n/i18n";
import { formatJst } from "../../consent";
import { datasetName } from "../../access";
import { openTextDocument, type RubySegment, type TextValue } from "../../pdf/index.server";
import { nameReadingCorrections } from "../../text/index";
import { loadReadingAnalyser, readingSegments } from "../../text/index.server";
import { subjectKey, subjectSentence, subjectValues } from "../../../i18n/sentence-subject";
import { disclosureSubject, type PersonalDisclosure } from "./personal-disclosure";

type Value = TextValue;

/**
 * The personal-data disclosure as a document a person can read (issue 16 item 3; ADR 047): every part of the JSON
 * in the same order, each value worded in the reader's language (やさしい日本語 included) from `data-use` and the
 * consent PDF's own words (`documents`), times in Japan time. Noto Sans JP through the one font loader the consent
 * PDF uses. It prints exactly what `PersonalDisclosure` holds — the findings rule is applied before it is called.
 */
export async function renderDisclosurePdf(disclosure: PersonalDisclosure): Promise<Uint8Array<ArrayBuffer>> {
  const language = disclosure.language;
  const t = translator(language, "data-use");
  const d = translator(language, "documents");
  const r = translator(language, "results");
  const instant = new Date(disclosure.generatedAt);
  // To a proxy the document is about the participant, by name (ADR 119): "山田さくらさんの試料", never "あなたの試料".
  const about = disclosureSubject(disclosure.requestedBy, disclosure.identity?.erasedAt ? null : (disclosure.identity?.fullName ?? null), disclosure.participant.pseudonym);
  const say = (key: string) => subjectSentence(t, key, about);
  // A heading, field or word about the participant has a `_person` variant; one about no one is the same for everyone.
  const inSubject = (key: string) => t(subjectKey(key, about), subjectValues(about, { defaultValue: t(key) }));
  // A disclosure in やさしい日本語 is printed with furigana (ADR 123): the person's name as they registered it, the
  // facility's name plain (a name's reading is its bearer's).
  let readings: ((text: string) => readonly RubySegment[]) | null = null;
  if (language === "ja-easy") {
    await loadReadingAnalyser();
    const identity = disclosure.identity;
    const names = nameReadingCorrections([
      ...(identity?.fullName && !identity.erasedAt ? [{ name: identity.fullName, reading: identity.fullNameKana }] : []),
      { name: disclosure.participant.facility.name },
    ]);
    readings = (text) => readingSegments(text, names);
  }
  const pdf = openTextDocument({ language, title: say("disclosure.title"), created: instant, none: t("disclosure.none"), readings });
  const { heading, subheading, paragraph, field, item, list } = pdf;

  const when = (value: string | null | undefined) => (value ? formatJst(value, language, t("disclosure.jst")) : t("disclosure.none"));
  const day = (value: string | null | undefined) => {
    if (!value) return t("disclosure.none");
    const [year, month, date] = value.slice(0, 10).split("-");
    return language === "en" ? `${year}-${month}-${date}` : `${year}年${Number(month)}月${Number(date)}日`;
  };
  const monthOf = (value: string) => {
    const [year, month] = value.split("-").map(Number);
    return language === "en" ? new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(year!, month! - 1, 1))) : `${year}年${month}月`;
  };
  // A word about the participant ("…your consent") has its `_person` variant; a word about no one (送信済み) is the same for everyone.
  const word = (key: string, value: string | null | undefined) =>
    value ? t(subjectKey(`words.${key}.${value}`, about), subjectValues(about, { defaultValue: t(`words.${key}.${value}`, { defaultValue: value }) })) : t("disclosure.none");
  const f = (key: string) => inSubject(`disclosure.fields.${key}`);

  pdf.title(say("disclosure.title"));
  field(f("generatedAt"), when(disclosure.generatedAt));
  field(f("requestedBy"), word("requestedBy", disclosure.requestedBy));
  pdf.moveDown(0.4);
  heading(inSubject("disclosure.sections.notes"));
  paragraph(disclosure.notes.findings);
  paragraph(disclosure.notes.pipeline);

  heading(inSubject("disclosure.sections.participant"));
  field(say("disclosure.fields.pseudonym"), disclosure.participant.pseudonym);
  field(f("facility"), disclosure.participant.facility.name);
  field(f("programmeArea"), word("programmeArea", disclosure.participant.programmeArea));
  field(f("enrolledAt"), when(disclosure.participant.enrolledAt));

  heading(inSubject("disclosure.sections.identity"));
  const identity = disclosure.identity;
  if (!identity) paragraph(t("disclosure.none"));
  else if (identity.erasedAt) field(f("erasedAt"), when(identity.erasedAt));
  else {
    field(f("fullName"), identity.fullName);
    field(f("fullNameKana"), identity.fullNameKana);
    field(f("dateOfBirth"), day(identity.dateOfBirth));
    field(f("email"), identity.email);
    field(f("phone"), identity.phone);
    field(f("medicalRecordNumber"), identity.medicalRecordNumber);
    field(f("preferredLanguage"), word("language", identity.preferredLanguage));
  }

  heading(inSubject("disclosure.sections.account"));
  if (!disclosure.account) paragraph(t("disclosure.none"));
  else {
    field(f("email"), disclosure.account.email);
    field(f("displayName"), disclosure.account.displayName);
    field(f("preferredLanguage"), word("language", disclosure.account.preferredLanguage));
    field(f("createdAt"), when(disclosure.account.createdAt));
  }

  heading(inSubject("disclosure.sections.proxies"));
  list(disclosure.proxies, (proxy) =>
    item(proxy.fullName, [
      [f("relationship"), d(`relationships.${proxy.relationship}`)],
      [f("email"), proxy.email],
      [f("startedAt"), when(proxy.startedAt)],
      [f("endedAt"), proxy.endedAt ? when(proxy.endedAt) : null],
    ]),
  );

  heading(say("disclosure.sections.samples"));
  list(disclosure.samples, (sample) =>
    item(sample.sampleCode, [
      [f("sampleKind"), word("sampleKind", sample.kind)],
      [f("registeredAt"), when(sample.registeredAt)],
      ...(sample.destroyedAt ? ([[f("destroyedAt"), when(sample.destroyedAt)]] as [string, Value][]) : []),
    ]),
  );

  heading(inSubject("disclosure.sections.consent"));
  const current = disclosure.consent.current;
  if (!current) paragraph(t("disclosure.none"));
  else {
    field(f("status"), word("consentStatus", current.status));
    if (current.withdrawalLevel) field(f("withdrawalLevel"), d(`withdrawalLevels.${current.withdrawalLevel}`));
    field(f("formVersion"), current.formVersion);
    field(f("updatedAt"), when(current.updatedAt));
    subheading(f("choices"));
    list(current.choices, (choice) => item(choice.title, [[f("answer"), choice.label]]));
  }

  heading(inSubject("disclosure.sections.history"));
  list(disclosure.consent.history, (entry) => {
    const type = d(`eventTypes.${entry.type}`);
    item(entry.withdrawalLevel ? `${type} — ${d(`withdrawalLevels.${entry.withdrawalLevel}`)}` : type, [
      [f("when"), when(entry.occurredAt)],
      [f("method"), d(`methods.${entry.method}`)],
      [f("actor"), word("actorRole", entry.actorRole)],
      [f("formVersion"), entry.formVersion],
      ...(entry.signedBy ? ([[f("signedBy"), entry.signedBy]] as [string, Value][]) : []),
      ...(entry.witness ? ([[f("witness"), entry.witness]] as [string, Value][]) : []),
      [f("verificationCode"), entry.verificationCode],
    ]);
    for (const choice of entry.choices) field(choice.title, choice.label, 24);
    pdf.moveDown(0.3);
  });

  heading(inSubject("disclosure.sections.documents"));
  list(disclosure.documents, (document_) => item(document_.fileName, [[f("createdAt"), when(document_.createdAt)], [f("sha256"), document_.sha256]]));
  if (disclosure.paperScans.length > 0) {
    subheading(inSubject("disclosure.sections.paperScans"));
    list(disclosure.paperScans, (scan) => item(scan.fileName, [[f("createdAt"), when(scan.createdAt)], [f("sha256"), scan.sha256]]));
  }

  heading(inSubject("disclosure.sections.journeys"));
  list(disclosure.journeys, (journey) =>
    item(when(journey.startedAt), [
      [f("formVersion"), journey.formVersion],
      [f("method"), d(`methods.${journey.method}`)],
      [f("journeyStatus"), word("journeyStatus", journey.status)],
      [f("updatedAt"), when(journey.updatedAt)],
    ]),
  );

  heading(inSubject("disclosure.sections.questions"));
  list(disclosure.questions, (question) =>
    item(when(question.askedAt), [
      [f("question"), question.question],
      [f("answer"), question.answer],
      [f("answeredAt"), question.answeredAt ? when(question.answeredAt) : null],
    ]),
  );

  heading(inSubject("disclosure.sections.invitations"));
  list(disclosure.invitations, (invitation) =>
    item(word("invitationRecipient", invitation.recipient), [
      [f("email"), invitation.email],
      [f("sentAt"), when(invitation.sentAt)],
      [f("acceptedAt"), invitation.acceptedAt ? when(invitation.acceptedAt) : null],
      ...(invitation.revokedAt ? ([[f("revokedAt"), when(invitation.revokedAt)]] as [string, Value][]) : []),
    ]),
  );

  heading(inSubject("disclosure.sections.family"));
  subheading(inSubject("disclosure.sections.familyAccess"));
  list(disclosure.family.access, (access) =>
    item(access.fullName, [
      [f("relationship"), word("familyRelationship", access.relationship)],
      [f("scope"), word("familyScope", access.scope)],
      [f("grantedAt"), when(access.grantedAt)],
      [f("lastViewedAt"), access.lastViewedAt ? when(access.lastViewedAt) : null],
      ...(access.endedAt ? ([[f("endedAt"), when(access.endedAt)]] as [string, Value][]) : []),
    ]),
  );
  subheading(inSubject("disclosure.sections.familyInvitations"));
  list(disclosure.family.invitations, (invitation) =>
    item(invitation.fullName, [
      [f("email"), invitation.email],
      [f("relationship"), word("familyRelationship", invitation.relationship)],
      [f("sentAt"), when(invitation.sentAt)],
      [f("acceptedAt"), invitation.acceptedAt ? when(invitation.acceptedAt) : null],
    ]),
  );

  heading(inSubject("disclosure.sections.mail"));
  list(disclosure.mail, (mail) =>
    item(when(mail.createdAt), [
      [f("to"), mail.to],
      [f("mailKind"), word("mailTemplate", mail.template)],
      [f("mailState"), word("mailState", mail.state)],
    ]),
  );

  heading(inSubject("disclosure.sections.recontact"));
  list(disclosure.recontact, (delivery) =>
    item(delivery.campaign, [
      [f("recontactKind"), word("recontactKind", delivery.kind)],
      [f("channel"), word("channel", delivery.channel)],
      [f("sentAt"), delivery.sentAt ? when(delivery.sentAt) : null],
      [f("recontactAnswer"), delivery.answer ? word("recontactAnswer", delivery.answer) : null],
    ]),
  );

  heading(inSubject("disclosure.sections.findings"));
  paragraph(say("disclosure.findingsIntro"));
  for (const finding of disclosure.findings) {
    item(`${finding.gene} — ${word("findingCategory", finding.category)}`, [
      [f("variant"), finding.variant],
      [f("classification"), word("classification", finding.classification)],
      [f("disclosedAt"), when(finding.disclosedAt)],
    ]);
  }

  // Analysis reports explained to the participant (ADR 137), in the words of their own page, filtered as it is.
  heading(inSubject("disclosure.sections.reports"));
  list(disclosure.reports, (entry) => {
    item(`${day(entry.report.expertPanelDate)} — ${r(`conclusion.${entry.report.conclusion}`)}`, [
      [r("finding.gene"), entry.report.primaryFindings.map((finding) => `${finding.gene} ${finding.variant} (${r(`classification.${finding.classification}`)}; ${r(`actionability.${finding.actionability}`)})`).join(" / ")],
      [inSubject("disclosure.fields.reportSecondary"), entry.report.secondaryFindings.map((finding) => `${finding.gene} ${finding.variant}`).join(" / ")],
      [inSubject("disclosure.fields.reportTrials"), entry.report.trials.map((trial) => `${trial.registry} ${trial.trialId}`).join(" / ")],
      [inSubject("disclosure.fields.reportExplainedOn"), day(entry.explainedOn)],
      [inSubject("disclosure.fields.reportVersion"), entry.version],
    ]);
  });

  heading(say("disclosure.sections.dataUse"));
  subheading(say("uses.heading"));
  list(disclosure.dataUse.uses, (use) =>
    item(use.title ?? use.reference ?? t("uses.untitled"), [
      [t("uses.reference"), use.reference],
      [t("uses.institution"), use.institution],
      [t("uses.purpose"), use.purposes.map((purpose) => purpose.label).join(language === "en" ? ", " : "、")],
      [say("uses.dates"), use.releases.map((release) => day(release.releasedAt)).join(language === "en" ? ", " : "、")],
    ]),
  );
  if (disclosure.dataUse.otherReleases.length > 0) {
    subheading(t("otherReleases.heading"));
    list(disclosure.dataUse.otherReleases, (release) => item(day(release.releasedAt), [[f("datasetId"), datasetName(release.datasetId, language)]]));
  }
  subheading(say("activity.heading"));
  list(disclosure.dataUse.activity, (month) =>
    item(
      monthOf(month.month),
      month.actions.map((action): [string, Value] => [t(`activity.actions.${action.action}`), t("activity.counts", { allowed: action.allowed, refused: action.refused })]),
    ),
  );
  subheading(say("openings.heading"));
  list(disclosure.dataUse.openings, (opening) =>
    item(when(opening.at), [
      [t("openings.who"), word("role", opening.role)],
      [t("openings.where"), opening.facility],
      [t("openings.why"), word("purpose", opening.purpose)],
      [t("openings.what"), word("resource", opening.resource)],
    ]),
  );

  heading(say("disclosure.sections.accessLog"));
  list(disclosure.accessLog, (entry) =>
    item(`${when(entry.at)} — ${word("accessEvent", entry.event)}`, [
      [f("by"), entry.by === "staff" && entry.role ? word("role", entry.role) : entry.by === "family" && entry.familyMember ? entry.familyMember : word("accessBy", entry.by)],
      ...(entry.facility ? ([[f("facility"), entry.facility]] as [string, Value][]) : []),
      ...(entry.purpose ? ([[f("purpose"), word("purpose", entry.purpose)]] as [string, Value][]) : []),
      ...(entry.resource ? ([[f("resource"), word("resource", entry.resource)]] as [string, Value][]) : []),
      ...(entry.format ? ([[f("format"), entry.format.toUpperCase()]] as [string, Value][]) : []),
    ]),
  );

  return pdf.finish();
}
