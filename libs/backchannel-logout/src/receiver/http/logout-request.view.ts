import { IncomingMessage, type IncomingHttpHeaders } from 'node:http';

/** What the logout-request reader needs of a request, whichever Nest HTTP adapter delivered it. */
export interface LogoutRequestView {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** The path and query string as the client sent them. */
  readonly url: string;
  /** The body as the host's body parser left it (an object, a string, a Buffer), or undefined. */
  readonly body: unknown;
  /** The unparsed body when the host keeps it (Nest `rawBody: true`). */
  readonly rawBody: unknown;
  /** The Node request, to read a body no parser has consumed. */
  readonly stream: IncomingMessage;
}

type ExpressLike = IncomingMessage & { body?: unknown; rawBody?: unknown; originalUrl?: string };
type FastifyLike = { raw: IncomingMessage; body?: unknown; rawBody?: unknown };

/**
 * Express hands the controller the Node request itself (with `body`/`rawBody` added); Fastify hands it a
 * wrapper whose `raw` is the Node request. Both become the same view, so the endpoint stays adapter-neutral.
 */
export function viewLogoutRequest(req: unknown): LogoutRequestView {
  if (req instanceof IncomingMessage) {
    const express = req as ExpressLike;
    return {
      method: express.method ?? 'GET',
      headers: express.headers,
      url: express.originalUrl ?? express.url ?? '/',
      body: express.body,
      rawBody: express.rawBody,
      stream: express,
    };
  }
  const fastify = req as FastifyLike;
  return {
    method: fastify.raw.method ?? 'GET',
    headers: fastify.raw.headers,
    url: fastify.raw.url ?? '/',
    body: fastify.body,
    rawBody: fastify.rawBody,
    stream: fastify.raw,
  };
}
