import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The hub's security headers, set by helmet. Each answer names every header helmet knows: only those turned on
 * here are sent, so a helmet upgrade that adds a default adds nothing unseen (the widget script, for one, must stay
 * readable by other sites, which helmet's default Cross-Origin-Resource-Policy would forbid).
 */
const NONE: HelmetOptions = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  strictTransportSecurity: false,
  xContentTypeOptions: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xPoweredBy: false,
  xXssProtection: false,
};

/** Every answer, the API's included: no MIME sniffing, no referrer sent elsewhere. */
const BASE: HelmetOptions = { ...NONE, xContentTypeOptions: true, referrerPolicy: { policy: 'no-referrer' } };

/** helmet's `next`, called at once: with an error when a header's value could not be made (the answer must not go out without it). */
function refuseUnset(error?: unknown): void {
  if (error) throw error;
}

/** HSTS: a browser that reached the hub over HTTPS keeps to HTTPS for a year, subdomains included. */
const baseHeaders = helmet(BASE);
const baseHeadersOverHttps = helmet({ ...BASE, strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true } });

/**
 * Headers every answer gets. `https`: the hub is served over HTTPS (AMITY_COOKIE_SECURE), so browsers are told
 * never to use plain HTTP for it; otherwise there is no HTTPS to hold them to, and it is not sent.
 */
export function setBaseSecurityHeaders(req: IncomingMessage, res: ServerResponse, https: boolean): void {
  (https ? baseHeadersOverHttps : baseHeaders)(req, res, refuseUnset);
}

/**
 * Headers for pages of the hub itself (the admin, GraphiQL): scripts only from the hub, no framing by other
 * sites. Styles may be inline (the UI libraries inject them).
 */
export const pageSecurityHeaders = helmet({
  ...BASE,
  xFrameOptions: { action: 'deny' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
});

/** The origins that may frame a widget page, as its key allows (none: the page is not framed at all). */
const FRAME_ANCESTORS = Symbol('frame ancestors');
type FramedResponse = ServerResponse & { [FRAME_ANCESTORS]?: readonly string[] };

const widgetPagePolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'unsafe-inline'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: [(_req, res) => ((res as FramedResponse)[FRAME_ANCESTORS] ?? []).join(' ') || "'none'"],
  },
});

/** A widget's iframe page (/embed): its own scripts only, framed only by the pages of the origins its key allows. */
export function setWidgetPageSecurityHeaders(req: IncomingMessage, res: ServerResponse, frameAncestors: readonly string[]): void {
  (res as FramedResponse)[FRAME_ANCESTORS] = frameAncestors;
  widgetPagePolicy(req, res, refuseUnset);
}
