import { Inject } from '@nestjs/common';

/** DI token of the resolved `ProviderConfig`. */
export const PROVIDER_CONFIG = Symbol('PROVIDER_CONFIG');
export const InjectProviderConfig = (): ParameterDecorator => Inject(PROVIDER_CONFIG);
