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

/** HSTS: a browser that reached the hub over HTTPS keeps to HTTPS for a year, subdomains included. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Headers every answer gets, the API's included. `https`: the hub is served over HTTPS (AMITY_COOKIE_SECURE), so
 * browsers are told never to use plain HTTP for it; otherwise there is no HTTPS to hold them to, and it is not sent.
 */
export function setBaseSecurityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (https) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
}
