/**
 * `tsg_<id>.<secret>`: the prefix lets secret scanners and people recognise a Tsunagi token; the id finds the
 * row; only the SHA-256 of the secret is stored. Both parts use the session alphabet (a-z, 2-9, no look-alikes).
 */
export const API_TOKEN_PREFIX = "tsg_";
export const API_TOKEN_ID_LENGTH = 16;
/** 32 characters of 5 bits: 160 bits, more than a session's 120, because a machine token may live for years. */
export const API_TOKEN_SECRET_LENGTH = 32;

const tokenPattern = new RegExp(`^${API_TOKEN_PREFIX}([a-z2-9]{${API_TOKEN_ID_LENGTH}})\\.([a-z2-9]{${API_TOKEN_SECRET_LENGTH}})$`);

export function formatApiToken(id: string, secret: string): string {
  return `${API_TOKEN_PREFIX}${id}.${secret}`;
}

export function parseApiToken(token: string): { id: string; secret: string } | null {
  const match = tokenPattern.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}
