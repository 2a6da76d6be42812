/** Who is acting on a participant's consent, and how it reached us. */
export interface ConsentActor {
  userId: string;
  role: string;
}

/** Staff record what a participant said by phone or letter; participants and proxies act online. */
export const staffRecordedMethods = ["phone", "letter", "assisted"] as const;
export type StaffRecordedMethod = (typeof staffRecordedMethods)[number];
