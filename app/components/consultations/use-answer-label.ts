import { useTranslation } from "react-i18next";
import type { AnalysisQuestion } from "../../domain/consultations/index";
import type { SupportedLanguage } from "../../i18n/languages";

/**
 * How an analysis table names a question's answer (ADR 062): an option's label, or a scale point with its end's label
 * at 1 and 5 — one wording for the staff analysis and the published report.
 */
export function useAnswerLabel(): (question: AnalysisQuestion) => (category: string) => string {
  const { t, i18n } = useTranslation("consultation-admin");
  const language = i18n.language as SupportedLanguage;
  return (question) => (category) => {
    if (question.kind === "scale") {
      const end = category === "1" ? question.options.find((option) => option.id === "low") : category === "5" ? question.options.find((option) => option.id === "high") : undefined;
      return end ? t("analysis.scalePointNamed", { point: category, label: end.label[language] }) : t("analysis.scalePoint", { point: category });
    }
    return question.options.find((option) => option.id === category)?.label[language] ?? category;
  };
}
