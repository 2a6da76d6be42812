/** The phone every participant, family and public page is walked on (issue 29): a 390 × 844 CSS-pixel screen. */
export const phone = { width: 390, height: 844 };
