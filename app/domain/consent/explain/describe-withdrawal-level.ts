import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { describeConsentEffects, referenceConsent, type ConsentEffects } from "./gate-effects";

/**
 * What a withdrawal level stops and what goes on, measured on a consent where everything was granted: the level's
 * own effect, before any choice narrows it. "Continues" means "as you chose".
 */
export function describeWithdrawalLevel(level: WithdrawalLevel): ConsentEffects {
  return describeConsentEffects(referenceConsent({ status: "withdrawn", withdrawalLevel: level }));
}
