import type { TFunction } from "i18next";
import type { SupportedLanguage } from "../../app/i18n/languages";

/**
 * What every template receives besides its own props. `t` is already bound to the `email` namespace and the
 * recipient's language, so components never pick a language themselves.
 */
export type EmailContext = {
  language: SupportedLanguage;
  t: TFunction;
  /** Public address of the app; shown in the footer and used for "open Tsunagi" buttons. */
  appUrl: string;
};
