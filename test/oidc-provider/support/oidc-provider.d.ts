/**
 * oidc-provider 9 ships no type declarations (and the repo has no @types/oidc-provider): the few parts the
 * tests and the bench use, nothing more.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type JWK = Record<string, unknown> & { kty: string; kid?: string };
  export type ClientMetadata = Record<string, unknown> & { client_id: string };
  export interface ProviderClient {
    readonly clientId: string;
    readonly sectorIdentifier?: string;
  }
  export interface ProviderConfiguration {
    clients?: ClientMetadata[];
    jwks?: { keys: JWK[] };
    cookies?: { keys: string[] };
    features?: Record<string, { enabled: boolean } & Record<string, unknown>>;
    subjectTypes?: string[];
    pairwiseIdentifier?: (ctx: unknown, accountId: string, client: ProviderClient) => string;
    findAccount?: (
      ctx: unknown,
      id: string,
    ) => { accountId: string; claims: () => Record<string, unknown> };
    fetch?: (url: URL | string, options: Record<string, unknown>) => Promise<Response>;
  }
  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
