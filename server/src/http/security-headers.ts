import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Headers for pages of the hub itself (the admin, GraphiQL): scripts only from the hub, no framing by other
 * sites, no MIME sniffing, no referrer sent elsewhere. Styles may be inline (the UI libraries inject them).
 */
export function pageSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Headers every answer gets, the API's included. */
export function setBaseSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** setBaseSecurityHeaders for the routes Express serves. */
export function baseSecurityHeaders(_req: Request, res: Response, next: NextFunction): void {
  setBaseSecurityHeaders(res);
  next();
}
