import { Injectable } from '@nestjs/common';
import {
  registerDecorator,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ProviderConfig } from '../config/provider-config';
import { InjectProviderConfig } from '../config/provider-config.token';
import { checkRedirectUri } from './redirect-uri.rules';

/**
 * class-validator: a list of redirect URIs (redirect_uris, post_logout_redirect_uris) under the provider's
 * rules; `http` beyond loopback only with the development switch, which it reads from the config when
 * class-validator uses Nest's container (provider-app.factory), strict otherwise.
 */
@ValidatorConstraint({ name: 'isRedirectUriList' })
@Injectable()
export class RedirectUriListConstraint implements ValidatorConstraintInterface {
  constructor(@InjectProviderConfig() private readonly config?: ProviderConfig) {}

  validate(value: unknown, args: ValidationArguments): boolean {
    return problems(value, args, this.allowHttp()).length === 0;
  }

  defaultMessage(args: ValidationArguments): string {
    return problems(args.value, args, this.allowHttp()).join('; ');
  }

  private allowHttp(): boolean {
    return this.config?.allowInsecureBackchannel ?? false;
  }
}

function problems(value: unknown, args: ValidationArguments, allowHttp: boolean): string[] {
  const required = args.constraints[0] === true;
  if (value === undefined || value === null)
    return required ? ['at least one URL is required'] : [];
  if (!Array.isArray(value)) return ['must be a list of URLs'];
  if (required && value.length === 0) return ['at least one URL is required'];
  return value.flatMap((uri: unknown, i) => {
    const problem = checkRedirectUri(uri, allowHttp);
    if (!problem) return [];
    return [value.length > 1 ? `entry ${i + 1}: ${problem}` : problem];
  });
}

/** The property is a list of acceptable redirect URIs; `required`: at least one. */
export function IsRedirectUriList(required: boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isRedirectUriList',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [required],
      validator: RedirectUriListConstraint,
    });
  };
}
