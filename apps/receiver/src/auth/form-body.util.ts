import type { Request } from 'express';

const MAX_FORM_BYTES = 4096;

/**
 * Reads a small `application/x-www-form-urlencoded` body (the logout form's CSRF field). The app
 * has no global body parser (see receiver-app.factory.ts); null when the body is not such a form or
 * is larger than any form of this app.
 */
export async function readSmallForm(req: Request): Promise<URLSearchParams | null> {
  if (!req.is('application/x-www-form-urlencoded')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
