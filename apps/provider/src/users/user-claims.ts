import { OidcUser } from './oidc-user.entity';

/** OIDC Core §5.4: the standard claims each scope releases. */
export function userClaims(user: OidcUser, scope: string): Record<string, unknown> {
  const scopes = scope.split(' ');
  return {
    ...(scopes.includes('profile') ? { name: user.name, preferred_username: user.username } : {}),
    ...(scopes.includes('email') ? { email: user.email, email_verified: true } : {}),
  };
}
