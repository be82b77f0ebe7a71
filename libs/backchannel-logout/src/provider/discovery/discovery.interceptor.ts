import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { backchannelLogoutDiscoveryMetadata } from './discovery.metadata';

/**
 * Adds the BCL §2.1 metadata to whatever object the host's discovery handler returns, without touching the
 * controller. Non-object responses pass through unchanged.
 */
@Injectable()
export class BackchannelLogoutDiscoveryInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        map((body: unknown) =>
          body !== null && typeof body === 'object' && !Array.isArray(body)
            ? { ...body, ...backchannelLogoutDiscoveryMetadata() }
            : body,
        ),
      );
  }
}

/**
 * Put on the host's existing `/.well-known/openid-configuration` handler.
 *
 * @example
 * \@Get('.well-known/openid-configuration')
 * \@WithBackchannelLogoutDiscovery()
 * discovery() { return this.metadata; }
 */
export function WithBackchannelLogoutDiscovery(): MethodDecorator & ClassDecorator {
  return applyDecorators(UseInterceptors(BackchannelLogoutDiscoveryInterceptor));
}
