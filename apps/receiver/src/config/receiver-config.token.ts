import { Inject } from '@nestjs/common';

export const RECEIVER_CONFIG = Symbol('RECEIVER_CONFIG');
export const InjectReceiverConfig = (): ParameterDecorator => Inject(RECEIVER_CONFIG);
