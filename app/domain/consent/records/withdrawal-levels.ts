/** How a withdrawal reaches the clinic when the participant does not use the site: staff record it from these. */
export const receivedWithdrawalChannels = ["phone", "letter"] as const;

/**
 * What a "destroy" withdrawal erases from the participant's identity at once (withdraw-consent.server.ts); the
 * name and birth date stay because the signed records that show the withdrawal must name who withdrew.
 */
export const identityFieldsErasedAtDestroy = ["phone", "medicalRecordNumber", "fullNameKana"] as const;
