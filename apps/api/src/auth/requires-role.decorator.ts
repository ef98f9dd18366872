import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const REQUIRED_ROLE = 'reviewlens:required-role';

/** Marks a handler (or controller) as ops-only: the caller's API key must have at least this role. */
export const RequiresRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);
