import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { FuriganaScope } from "@tsunagi/furigana-jsx/furigana";
import type { FormLanguage, LanguageContent } from "@tsunagi/consent-rules/form-content";
import { htmlLangOf } from "../i18n/languages";

/**
 * A consent-form version in one language, read-only, as a participant reads it. The pieces are exported so the
 * consent journey can show one of them per screen; this module only lays text out, it decides nothing.
 */

type HeadingLevel = 2 | 3 | 4;

function Heading({ level, id, children }: { level: HeadingLevel; id?: string; children: ReactNode }) {
  // JSX rather than createElement, so the heading's text gets furigana like every other (ADR 037).
  const Tag = `h${level}` as const;
  return <Tag id={id}>{children}</Tag>;
}

function Paragraphs({ paragraphs }: { paragraphs: readonly string[] }) {
  return (
    <>
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

/** The plain-language summary shown before the full text. */
export function FormSummary({ heading, paragraphs, level = 3 }: { heading: string; paragraphs: readonly string[]; level?: HeadingLevel }) {
  const headingId = useId();
  return (
    <section className="consent-form__summary" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {heading}
      </Heading>
      <Paragraphs paragraphs={paragraphs} />
    </section>
  );
}

/** One section of the full text. */
export function FormSection({ section, level = 3 }: { section: LanguageContent["sections"][number]; level?: HeadingLevel }) {
  // Ids stay unique even when a page shows two versions side by side.
  const headingId = `${useId()}-${section.id}`;
  return (
    <section className="consent-form__section" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {section.heading}
      </Heading>
      <Paragraphs paragraphs={section.paragraphs} />
    </section>
  );
}

/** A comprehension question as asked: the prompt and its answers, in the form's order. */
export function FormQuestionText({
  text,
  options,
  level = 4,
}: {
  text: LanguageContent["questions"][string];
  options: readonly string[];
  level?: HeadingLevel;
}) {
  return (
    <div className="consent-form__question">
      <Heading level={level}>{text.prompt}</Heading>
      <ul>
        {options.map((option) => (
          <li key={option}>{text.options[option]}</li>
        ))}
      </ul>
    </div>
  );
}

/** A choice: what it is, what saying yes (or each answer) means, and the answers offered, none hidden. */
export function FormChoiceText({
  text,
  options,
  level = 4,
}: {
  text: LanguageContent["choices"][string];
  options: readonly string[];
  level?: HeadingLevel;
}) {
  return (
    <div className="consent-form__choice">
      <Heading level={level}>{text.title}</Heading>
      <p>{text.explanation}</p>
      <ul>
        {options.map((option) => (
          <li key={option}>{text.options[option]}</li>
        ))}
      </ul>
    </div>
  );
}

/** The meaning of the signature, shown above the name box. */
export function FormSignatureStatement({ heading, statement, level = 3 }: { heading: string; statement: string; level?: HeadingLevel }) {
  const headingId = useId();
  return (
    <section className="consent-form__signature" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {heading}
      </Heading>
      <p>{statement}</p>
    </section>
  );
}

export interface ConsentFormViewProps {
  language: FormLanguage;
  body: LanguageContent;
  /** The version's questions in order, each with its answer ids in order. */
  questions: readonly { id: string; options: readonly string[] }[];
  /** The choices offered, in catalogue order, each with its answer ids in order. */
  choices: readonly { id: string; options: readonly string[] }[];
}

/** The whole version in one language, from title to signature statement. Headings start at level 2. */
export function ConsentFormView({ language, body, questions, choices }: ConsentFormViewProps) {
  const { t } = useTranslation("forms");
  // The labels around the text are in the form's language too, so a preview in やさしい日本語 reads as it will.
  const label = (key: string) => t(`view.${key}`, { lng: language });
  const id = useId();
  // Readings follow the form's language, which a shared link (?lang=) may set apart from the page's.
  return (
    <FuriganaScope annotate={language === "ja-easy"}>
      {/* data-texts-language: the browser loads this language's texts too, to hydrate these labels (entry.client.tsx). */}
      <article className="consent-form" lang={htmlLangOf(language)} data-texts-language={language}>
        <h2>{body.title}</h2>
        <FormSummary heading={label("summary")} paragraphs={body.summary} />
        <section className="consent-form__body" aria-labelledby={`${id}-body`}>
          <h3 id={`${id}-body`}>{label("fullText")}</h3>
          {body.sections.map((section) => (
            <FormSection key={section.id} section={section} level={4} />
          ))}
        </section>
        {questions.length > 0 ? (
          <section aria-labelledby={`${id}-questions`}>
            <h3 id={`${id}-questions`}>{label("questions")}</h3>
            {questions.map((question) => {
              const text = body.questions[question.id];
              return text ? <FormQuestionText key={question.id} text={text} options={question.options} /> : null;
            })}
          </section>
        ) : null}
        <section aria-labelledby={`${id}-choices`}>
          <h3 id={`${id}-choices`}>{label("choices")}</h3>
          {choices.map((choice) => {
            const text = body.choices[choice.id];
            return text ? <FormChoiceText key={choice.id} text={text} options={choice.options} /> : null;
          })}
        </section>
        <FormSignatureStatement heading={label("signature")} statement={body.signatureStatement} />
      </article>
    </FuriganaScope>
  );
}
