import { useTranslation } from "react-i18next";
import { inLanguage, type TextInLanguages } from "../../domain/access/index";
import { datasetLabel } from "../../domain/access/index";
import { diseaseLabelFor } from "../../domain/access/index";
import { isSupportedLanguage, type SupportedLanguage } from "../../i18n/languages";
import { UserText } from "../user-text";

/**
 * Diseases and datasets as a person reads them (issue 29 item 7): the name in the reader's language with the code
 * beside it, "乳がん (DOID:1612)"; a code the lists do not know is shown as the code alone. A Japanese reader of a
 * term that has only an English label gets it marked `lang="en"`, so it is read out as English.
 */
export function useReaderLanguage(): SupportedLanguage {
  const { i18n } = useTranslation();
  return isSupportedLanguage(i18n.language) ? i18n.language : "ja";
}

function Named({ label, code, labelIsEnglish }: { label: string | null; code: string; labelIsEnglish: boolean }) {
  if (!label) return <span className="mono">{code}</span>;
  return (
    <>
      <span lang={labelIsEnglish ? "en" : undefined}>{label}</span> <span className="mono">{`(${code})`}</span>
    </>
  );
}

export function DiseaseName({ curie }: { curie: string }) {
  const language = useReaderLanguage();
  const label = diseaseLabelFor(curie, language);
  return <Named label={label?.text ?? null} code={curie} labelIsEnglish={language !== "en" && label?.language === "en"} />;
}

export function DatasetName({ id }: { id: string }) {
  const language = useReaderLanguage();
  return <Named label={datasetLabel(id, language)} code={id} labelIsEnglish={false} />;
}

/** A list of diseases or datasets, one a line; `empty` when there is none. */
export function NameList({ kind, codes, empty }: { kind: "disease" | "dataset"; codes: readonly string[]; empty?: React.ReactNode }) {
  if (codes.length === 0) return <>{empty ?? null}</>;
  return (
    <ul className="list-plain" data-testid={`${kind}-names`}>
      {codes.map((code) => (
        <li key={code} data-code={code}>
          {kind === "disease" ? <DiseaseName curie={code} /> : <DatasetName id={code} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * A study title or institution the applicant wrote in Japanese and English (やさしい日本語 optional), in the reader's
 * language (issue 29 item 7): やさしい日本語 falls back to Japanese, English to Japanese; `fallback` when none was written.
 */
export function InLanguage({ text, fallback }: { text: TextInLanguages; fallback?: React.ReactNode }) {
  const value = inLanguage(text, useReaderLanguage());
  return value ? <UserText text={value} /> : <>{fallback ?? null}</>;
}
