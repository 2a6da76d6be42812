/**
 * What the secretariat is warned of about the committee's make-up (issue 15 item 3): the data policy asks for both
 * sexes among the members (データ利活用審査委員会のメンバーは男女両性を含む), the mission for participant-panel members
 * among those who decide, and a committee without a chair cannot record a decision. Pure.
 */
export type CompositionWarning = "no_female_member" | "no_male_member" | "no_panel_member" | "no_chair" | "no_expert";

export function compositionWarnings(members: readonly { seat: "chair" | "expert" | "panel"; sex: "female" | "male" | "other" | "undisclosed" }[]): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  if (!members.some((member) => member.sex === "female")) warnings.push("no_female_member");
  if (!members.some((member) => member.sex === "male")) warnings.push("no_male_member");
  if (!members.some((member) => member.seat === "panel")) warnings.push("no_panel_member");
  if (!members.some((member) => member.seat === "chair")) warnings.push("no_chair");
  if (!members.some((member) => member.seat === "expert")) warnings.push("no_expert");
  return warnings;
}
