import { Controller, Get, Header } from '@nestjs/common';
import { JSONWebKeySet } from 'jose';
import { WithBackchannelLogoutDiscovery } from 'nestjs-backchannel-logout';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { SigningKeyService } from '../keys/signing-key.service';
import { discoveryMetadata } from './discovery.metadata';

@Controller()
export class DiscoveryController {
  constructor(
    @InjectProviderConfig() private readonly config: ProviderConfig,
    private readonly keys: SigningKeyService,
  ) {}

  @Get('.well-known/openid-configuration')
  @Header('Cache-Control', 'public, max-age=300')
  @WithBackchannelLogoutDiscovery() // merges backchannel_logout_supported / _session_supported (BCL §2.1)
  configuration(): Record<string, unknown> {
    return discoveryMetadata(this.config.issuer);
  }

  /** The public key that signs ID tokens and logout tokens alike. */
  @Get('jwks')
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks(): JSONWebKeySet {
    return this.keys.jwks();
  }
}
