import { lookup } from 'node:dns/promises';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Resolves a host name to ALL its addresses. The default uses the system resolver (`dns.lookup` with
 * `all: true`, so `/etc/hosts` applies); tests and hosts with their own resolver inject another one.
 */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver: `dns.lookup(hostname, { all: true })`. */
export const systemHostLookup: HostLookup = async (hostname) => {
  const addresses = await lookup(hostname, { all: true, verbatim: true });
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};
