/** The station's kinds of user (issue F); in the domain so the renderer can name them. core/access/model.ts re-exports ROLES. */
export const ROLES = ['officer', 'clerk', 'supervisor', 'legal', 'admin'] as const;
export type Role = (typeof ROLES)[number];
