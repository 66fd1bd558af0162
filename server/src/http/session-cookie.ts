import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'amity_session';

/** The value of one cookie of a request (no library needed for reading one name). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function setSessionCookie(res: Response, secret: string, expires: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'strict', secure, path: '/', expires });
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
