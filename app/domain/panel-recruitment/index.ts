/** An open panel (issue 59 item 3; ADR 151), pure: forms, states, the order applications are read in. */
export {
  ApplySchema,
  DecideSchema,
  PanelCallFieldsSchema,
  applicationPriority,
  glossaryTerms,
  motivationMax,
  needsMax,
  panelAgeBands,
  panelApplicationStates,
  panelCallState,
  panelConnections,
  panelDecisions,
  panelDiseaseAreas,
  reasonMax,
} from "./panel-call-forms";
export type { ApplyFields, DecideFields, PanelAgeBand, PanelApplicationState, PanelCallFields, PanelCallState, PanelConnection, PanelDecision, PanelDiseaseArea } from "./panel-call-forms";
