import type { WithdrawalLevel } from "@tsunagi/consent-rules/ledger-event";
import { describeConsentEffects, referenceConsent, type ConsentEffects } from "./gate-effects";

/**
 * What a withdrawal level stops and what goes on, measured on a consent where everything was granted: the level's
 * own effect, before any choice narrows it. "Continues" means "as you chose".
 */
export function describeWithdrawalLevel(level: WithdrawalLevel): ConsentEffects {
  // Three levels, each a fixed answer of the rule: worked out once, frozen, shared by every page that shows it.
  let effects = levelEffects.get(level);
  if (!effects) {
    effects = describeConsentEffects(referenceConsent({ status: "withdrawn", withdrawalLevel: level }));
    for (const effect of [...effects.stops, ...effects.continues]) {
      Object.freeze(effect.recipients);
      Object.freeze(effect);
    }
    Object.freeze(effects.stops);
    Object.freeze(effects.continues);
    levelEffects.set(level, Object.freeze(effects));
  }
  return effects;
}

const levelEffects = new Map<WithdrawalLevel, ConsentEffects>();
