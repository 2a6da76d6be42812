/** Where a request came from; every domain function that audits takes this. */
export interface RequestContext {
  ipAddress: string;
  userAgent: string | null;
  /** The long-lived device cookie, used to notice sign-ins from a new device. */
  deviceToken?: string | null;
  now?: Date;
}
