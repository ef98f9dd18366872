/** Ops roles, least to most privileged: each role can do everything the ones before it can. */
export const ROLES = ['analyst', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { analyst: 1, engineer: 2, admin: 3 };

export function hasRole(have: Role, needed: Role): boolean {
  return RANK[have] >= RANK[needed];
}
