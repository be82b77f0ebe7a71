import { Inject, Injectable } from '@nestjs/common';
import { RECEIVER_CONFIG, type ResolvedReceiverConfig } from '../receiver-config';
import { TrustedIssuer } from './trusted-issuer';

/** The trusted issuers, looked up by exact `iss` (Core §3.1.3.7: no normalisation). */
@Injectable()
export class IssuerRegistry {
  private readonly byIssuer: ReadonlyMap<string, TrustedIssuer>;

  constructor(@Inject(RECEIVER_CONFIG) config: ResolvedReceiverConfig) {
    this.byIssuer = new Map(config.issuers.map((o) => [o.issuer, new TrustedIssuer(o, config)]));
  }

  find(iss: string): TrustedIssuer | undefined {
    return this.byIssuer.get(iss);
  }
}
