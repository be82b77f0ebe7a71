import { Injectable } from '@nestjs/common';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';

/** BCL §2.2 rules for backchannel_logout_uri, with the provider's http/private-network switch. */
@Injectable()
export class BackchannelUriChecker {
  constructor(@InjectProviderConfig() private readonly config: ProviderConfig) {}

  check(uri: string): Promise<string | null> {
    return Promise.resolve(this.problem(uri));
  }

  private problem(uri: string): string | null {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return 'must be an absolute URL, like https://rp.example.com/backchannel-logout';
    }
    if (uri.includes('#')) return 'must not contain a fragment (#...)';
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use https';
    if (url.protocol === 'http:' && !this.config.allowInsecureBackchannel) return 'must use https';
    if (uri.length > 2048) return 'must be at most 2048 characters';
    return null;
  }
}
