import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyRing } from '../auth/api-keys';
import { API_KEY_QUERY, apiKeyCookie, apiKeyFromCookie, apiKeyFromHeader } from '../auth/credentials';
import { hasRole, type Role } from '../auth/roles';
import type { ErrorBody } from '../common/error-response';

const deny = (reply: FastifyReply, status: 401 | 403, code: string, message: string): FastifyReply =>
  reply.status(status).header('cache-control', 'no-store').send({ error: { code, message } } satisfies ErrorBody);

/**
 * onRequest hook guarding a board: the key comes from `x-api-key`, else the `reviewlens_api_key` cookie. A browser
 * opens `<board>?api_key=<key>` once: a valid key is moved into an HttpOnly cookie and the browser is redirected to
 * the same URL without it (so the key does not stay in the address bar or history).
 */
export function boardAccess(keys: ApiKeyRing, minRole: Role, secureCookie: boolean) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const url = new URL(req.url, 'http://board.invalid');
    const fromQuery = url.searchParams.get(API_KEY_QUERY);
    const key = apiKeyFromHeader(req) ?? fromQuery ?? apiKeyFromCookie(req);
    if (!key) return deny(reply, 401, 'unauthorized', `the queue board needs an API key (x-api-key header, or ?${API_KEY_QUERY}= once in a browser)`);
    const role = keys.roleOf(key);
    if (!role) return deny(reply, 401, 'unauthorized', 'the API key is not valid');
    if (!hasRole(role, minRole)) return deny(reply, 403, 'forbidden', `this board needs the ${minRole} role`);
    if (fromQuery !== null) {
      url.searchParams.delete(API_KEY_QUERY);
      return reply.header('set-cookie', apiKeyCookie(key, secureCookie)).header('cache-control', 'no-store')
        .redirect(url.pathname + url.search, 302);
    }
    return undefined;
  };
}
