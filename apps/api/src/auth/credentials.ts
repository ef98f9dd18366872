/** Where a caller's API key may come from. Header for programs; cookie (set from `?api_key=`) for browsers on the board. */
export const API_KEY_HEADER = 'x-api-key';
export const API_KEY_COOKIE = 'reviewlens_api_key';
export const API_KEY_QUERY = 'api_key';

export interface RequestLike { headers: Record<string, string | string[] | undefined> }

export function apiKeyFromHeader(req: RequestLike): string | null {
  const value = req.headers[API_KEY_HEADER];
  const key = Array.isArray(value) ? value[0] : value;
  return key ? key : null;
}

export function apiKeyFromCookie(req: RequestLike): string | null {
  const header = req.headers.cookie;
  const cookie = Array.isArray(header) ? header.join('; ') : header;
  if (!cookie) return null;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== API_KEY_COOKIE) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim()) || null;
    } catch {
      return null;
    }
  }
  return null;
}

/** Set-Cookie value carrying the key for the board's own requests: HttpOnly, SameSite=Strict, scoped to /admin. */
export function apiKeyCookie(key: string, secure: boolean): string {
  return `${API_KEY_COOKIE}=${encodeURIComponent(key)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200${secure ? '; Secure' : ''}`;
}
