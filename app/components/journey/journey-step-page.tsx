import { kioskHandBackPath } from "../../domain/session/index";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JourneyScreen, ScreenBody } from "../../domain/consent/index";
import { stepPath } from "../../domain/consent/index";
import { formTextPath } from "../../domain/consent/index";
import { FormErrors } from "../form-errors";
import { ChoiceFieldset } from "./choice-fieldset";
import { serverCheckedFormProps, useServerCheckedForm } from "../server-checked-form";
import { FieldErrors, JourneyNav, RadioOption, SavedNote, StepHeader, SubjectLine } from "./journey-parts";
import { SignStep } from "./sign-step";
import type { JourneyActionData, JourneyStepData, StepProps } from "./journey-step-props";

/** Where "stop for now" leads: the participant's home, or back to the participant's record for staff. */
export function exitHrefOf(screen: Pick<JourneyScreen, "method" | "participantId">): string {
  return screen.method === "assisted" ? `/staff/participants/${screen.participantId}` : "/home";
}

/** On a re-consent, what the new version did to the section being read (ADR 120). */
function SectionChange({ change }: { change: "added" | "changed" | null }) {
  const { t } = useTranslation("journey");
  return change ? <p className="hint">{t(`reconsent.section.${change}`)}</p> : null;
}

function SectionStep({ data, actionData, backHref, exitHref }: StepProps<"section">) {
  const { t } = useTranslation("journey");
  const { screen, language } = data;
  const form = useServerCheckedForm(`section-${screen.body.n}`, actionData?.result);
  const here = stepPath(data.basePath, { kind: "section", n: screen.body.n });
  const sections = screen.body.sections;
  const single = sections.length === 1 ? sections[0]! : null;
  return (
    <>
      <p className="hint">{t("section.label")}</p>
      {single ? (
        <>
          <h1>{single.heading}</h1>
          <SectionChange change={single.change} />
          <div className="journey-text">
            {single.paragraphs.map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
        </>
      ) : (
        <>
          <h1>{t("section.partsHeading", { first: sections[0]!.number, last: sections.at(-1)!.number, total: screen.body.sectionCount })}</h1>
          {sections.map((section) => (
            <section key={section.number} className="journey-section" aria-labelledby={`section-${section.number}-heading`}>
              <h2 id={`section-${section.number}-heading`}>{section.heading}</h2>
              <SectionChange change={section.change} />
              <div className="journey-text">
                {section.paragraphs.map((paragraph, index) => (
                  <p key={index}>{paragraph}</p>
                ))}
              </div>
            </section>
          ))}
        </>
      )}
      <ul className="journey-links">
        <li>
          <a href={formTextPath(screen.formKey, screen.formVersion, language)}>{t("section.fullForm")}</a>
        </li>
        <li>
          {screen.method === "online" ? (
            <a href={`/consent/questions?participant=${screen.participantId}&back=${encodeURIComponent(here)}`}>{t("section.ask")}</a>
          ) : (
            <span>{t("assisted.askStaff")}</span>
          )}
        </li>
      </ul>
      <Form noValidate method="post" {...serverCheckedFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="journeyId" value={screen.journeyId} />
        <JourneyNav backHref={backHref}>
          <button type="submit" className="button">
            {t("section.next")}
          </button>
        </JourneyNav>
      </Form>
      <SavedNote stopHref={exitHref} />
    </>
  );
}

function QuestionStep({ data, actionData, backHref, exitHref }: StepProps<"question">) {
  const { t } = useTranslation("journey");
  const { screen } = data;
  const body = screen.body;
  const form = useServerCheckedForm(`question-${body.n}`, actionData?.result, ["journeyId", "answer"]);
  const { fields } = form;
  return (
    <>
      <h1>{t("question.heading")}</h1>
      <p>{t("question.intro")}</p>
      {body.wrong ? (
        <div className="alert alert--error" id="answer-again" role="alert" tabIndex={-1}>
          <p>
            <strong>{t("question.wrong")}</strong>
          </p>
          {body.wrong.chosenLabel ? <p>{t("question.youChose", { answer: body.wrong.chosenLabel })}</p> : null}
          <p>{body.wrong.explanation}</p>
        </div>
      ) : null}
      {body.passed ? (
        <>
          <h2>{body.prompt}</h2>
          <p className="alert alert--success" role="status">
            {t("question.correct", { answer: body.correctLabel ?? "" })}
          </p>
          <JourneyNav backHref={backHref}>
            {screen.next ? (
              <a className="button" href={stepPath(data.basePath, screen.next)}>
                {t("question.next")}
              </a>
            ) : null}
          </JourneyNav>
        </>
      ) : (
        <Form noValidate method="post" {...serverCheckedFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="journeyId" value={screen.journeyId} />
          <fieldset className="journey-options" aria-describedby={fields.answer.errors?.length ? fields.answer.errorId : undefined}>
            <legend>{body.prompt}</legend>
            {body.options.map((option) => (
              <RadioOption key={option.value} name="answer" value={option.value} label={option.label} />
            ))}
          </fieldset>
          <FieldErrors id={fields.answer.errorId} errors={fields.answer.errors} />
          <JourneyNav backHref={backHref}>
            <button type="submit" className="button">
              {body.wrong ? t("question.answerAgain") : t("question.answer")}
            </button>
          </JourneyNav>
        </Form>
      )}
      <SavedNote stopHref={exitHref} />
    </>
  );
}

/** The answers sent with a refused submission, so a page drawn without JavaScript keeps what was chosen. */
function submittedAnswers(actionData: JourneyActionData): Record<string, unknown> {
  const initial = actionData?.result.initialValue as { answers?: unknown } | undefined;
  return initial?.answers && typeof initial.answers === "object" ? (initial.answers as Record<string, unknown>) : {};
}

function ChoiceStep({ data, actionData, backHref, exitHref }: StepProps<"choice">) {
  const { t } = useTranslation("journey");
  const { screen } = data;
  const body = screen.body;
  const form = useServerCheckedForm(`choice-${body.n}`, actionData?.result);
  const single = body.choices.length === 1 ? body.choices[0]! : null;
  const submitted = submittedAnswers(actionData);
  const checked = (position: number, saved: string | null) => {
    const sent = submitted[String(position)];
    return typeof sent === "string" ? sent : saved;
  };
  return (
    <>
      <p className="hint">{t("choice.label")}</p>
      <h1>{single ? single.title : t(`choice.groups.${body.group}`, { defaultValue: t("choice.groupFallback") })}</h1>
      {single ? null : (
        <div className="journey-text">
          <p>{t("choice.groupIntro", { number: body.choices.length })}</p>
          <p className="hint">{t("choice.optional")}</p>
        </div>
      )}
      <Form noValidate method="post" {...serverCheckedFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="journeyId" value={screen.journeyId} />
        {data.fromReview ? <input type="hidden" name="from" value="review" /> : null}
        {body.choices.map((choice, index) => (
          <ChoiceFieldset
            key={choice.id}
            choice={choice}
            position={index + 1}
            legend={single ? t("choice.legend", { title: choice.title }) : choice.title}
            checked={checked(index + 1, choice.value)}
            describedBy={form.errors?.length ? form.errorId : undefined}
            optionalNote={single !== null}
          />
        ))}
        <JourneyNav backHref={data.fromReview ? stepPath(data.basePath, { kind: "review" }) : backHref}>
          <button type="submit" className="button">
            {data.fromReview ? t("choice.saveReview") : t("choice.save")}
          </button>
        </JourneyNav>
      </Form>
      <SavedNote stopHref={exitHref} />
    </>
  );
}

function ReviewStep({ data, backHref, exitHref }: StepProps<"review">) {
  const { t } = useTranslation("journey");
  return (
    <>
      <h1>{t("review.title")}</h1>
      <p>{t("review.intro")}</p>
      <dl className="journey-review" data-testid="journey-review">
        {data.screen.body.items.map((item) => (
          <div key={item.id}>
            <dt>{item.title}</dt>
            <dd>
              <span>{item.valueLabel}</span>
              {item.carried ? <span className="hint"> {t("reconsent.carriedValue")}</span> : null}
              {item.n > 0 ? (
                <a className="journey-review__change" href={`${stepPath(data.basePath, { kind: "choice", n: item.n })}?from=review`} aria-label={t("review.changeLabel", { title: item.title })}>
                  {t("review.change")}
                </a>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {data.screen.body.items.some((item) => item.n === 0) ? <p className="hint">{t("reconsent.reviewCarried")}</p> : null}
      <JourneyNav backHref={backHref}>
        <a className="button" href={stepPath(data.basePath, { kind: "sign" })}>
          {t("review.continue")}
        </a>
      </JourneyNav>
      <SavedNote stopHref={exitHref} />
    </>
  );
}

function StopStep({ data, exitHref }: StepProps<"stop">) {
  const { t } = useTranslation("journey");
  return (
    <>
      <h1>{t("stop.title")}</h1>
      <div className="journey-text">
        <p>{t("stop.body")}</p>
        <p>{t("stop.changeMind")}</p>
      </div>
      <ul className="journey-links">
        <li>
          <a href={stepPath(data.basePath, { kind: "choice", n: data.screen.body.coreChoice })}>{t("stop.back")}</a>
        </li>
        <li>
          <a href={exitHref}>{data.kiosk ? t("kiosk.finished") : data.screen.method === "assisted" ? t("assisted.backToRecord") : t("stop.home")}</a>
        </li>
      </ul>
    </>
  );
}

/** One journey screen, the same online and on the clinic tablet; only the URLs and the guard differ. */
export function JourneyStepPage({ data, actionData }: { data: JourneyStepData; actionData: JourneyActionData }) {
  const { t } = useTranslation("journey");
  const { screen } = data;
  // On a locked tablet the start page is the coordinator's: the first step has no back, and leaving is handing back.
  const backHref = screen.previous ? stepPath(data.basePath, screen.previous) : data.kiosk ? null : data.basePath;
  const exitHref = data.kiosk ? kioskHandBackPath : exitHrefOf(screen);
  // The switch below narrows on the body's kind; each screen gets the data typed for its own kind.
  const props = <Kind extends ScreenBody["kind"]>(): StepProps<Kind> => ({ data: data as StepProps<Kind>["data"], actionData, backHref, exitHref });
  const body = (() => {
    switch (screen.body.kind) {
      case "section":
        return <SectionStep {...props<"section">()} />;
      case "question":
        return <QuestionStep {...props<"question">()} />;
      case "choice":
        return <ChoiceStep {...props<"choice">()} />;
      case "review":
        return <ReviewStep {...props<"review">()} />;
      case "sign":
        return <SignStep {...props<"sign">()} />;
      case "stop":
        return <StopStep {...props<"stop">()} />;
    }
  })();
  return (
    <div className="stack journey">
      {data.restarted ? (
        <p className="alert" role="status">
          {t("start.restarted", { from: data.restarted, version: screen.formVersion })}
        </p>
      ) : null}
      <StepHeader n={screen.stepNumber} total={screen.totalSteps} stages={screen.stages} />
      {screen.reconsent ? (
        <p className="hint" data-testid="reconsent-path">
          {t("reconsent.path", { previous: screen.reconsent.previousVersion, version: screen.formVersion })}
        </p>
      ) : null}
      <SubjectLine subject={screen.subject} method={screen.method} />
      {body}
    </div>
  );
}
