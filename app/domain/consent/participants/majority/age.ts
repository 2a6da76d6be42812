/** In Japan a person is an adult at 18 and consents for themselves; assent is asked of younger children only. */
export const AGE_OF_MAJORITY = 18;

/** Whole years between a date of birth and a moment, as Japanese law counts age (the day before the birthday). */
export function ageOn(dateOfBirth: Date, at: Date): number {
  const jst = new Date(at.getTime() + 9 * 3600_000);
  let age = jst.getUTCFullYear() - dateOfBirth.getUTCFullYear();
  const beforeBirthday = jst.getUTCMonth() < dateOfBirth.getUTCMonth() || (jst.getUTCMonth() === dateOfBirth.getUTCMonth() && jst.getUTCDate() < dateOfBirth.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}
