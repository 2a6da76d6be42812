import { AppError } from "../kernel/index";
import type { CaseStepRefusal } from "./case-workflow";

/** A step the case's facts do not allow now; `reason` has its sentence in locales/…/findings.json ("refusal.*"). */
export class CaseStepRefusedError extends AppError {
  constructor(readonly reason: CaseStepRefusal) {
    super("case_step_refused", reason, { namespace: "findings", key: `refusal.${reason}` });
  }
}
