import { roles, staffRoles, type Role } from "./roles";

export const permissions = [
  "account:manage:own",
  "staff:portal",
  "audit:read",
  "users:manage",
] as const;
export type Permission = (typeof permissions)[number];

const everyone: Permission[] = ["account:manage:own"];

/** Deny by default: a role holds exactly the permissions listed here and nothing else. */
const grants: Record<Role, readonly Permission[]> = Object.fromEntries(
  roles.map((role) => {
    const granted = [...everyone];
    if (staffRoles.includes(role)) granted.push("staff:portal");
    if (role === "admin") granted.push("audit:read", "users:manage");
    return [role, granted];
  }),
) as unknown as Record<Role, readonly Permission[]>;

export function hasPermission(role: Role, permission: Permission): boolean {
  return grants[role]?.includes(permission) ?? false;
}

export function permissionsOf(role: Role): readonly Permission[] {
  return grants[role] ?? [];
}
