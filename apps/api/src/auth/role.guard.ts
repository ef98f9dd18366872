import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '../common/api-error';
import { ApiKeyRing } from './api-keys';
import { apiKeyFromHeader, type RequestLike } from './credentials';
import { REQUIRED_ROLE } from './requires-role.decorator';
import { hasRole, type Role } from './roles';

/** Global guard: routes without @RequiresRole are public; others need an `x-api-key` with a sufficient role. */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly keys: ApiKeyRing) {}

  canActivate(context: ExecutionContext): boolean {
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    if (!needed) return true;
    const req = context.switchToHttp().getRequest<RequestLike & { role?: Role }>();
    const key = apiKeyFromHeader(req);
    if (!key) throw unauthorized(`this operation needs an API key in the x-api-key header`);
    const role = this.keys.roleOf(key);
    if (!role) throw unauthorized('the API key is not valid');
    if (!hasRole(role, needed)) throw forbidden(`this operation needs the ${needed} role`);
    req.role = role;
    return true;
  }
}
