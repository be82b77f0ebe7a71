/** Validated client metadata, in Dynamic Client Registration (RFC 7591) names. */
export interface ClientMetadata {
  client_id: string;
  client_name: string | null;
  /** Absent when an update keeps the current secret. */
  client_secret?: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  backchannel_logout_uri: string | null;
  backchannel_logout_session_required: boolean;
}

export type ClientField = keyof ClientMetadata;

/** One problem with one field, in words an admin can act on. */
export interface ClientFieldError {
  field: ClientField;
  message: string;
}

export type ClientValidationResult =
  { ok: true; value: ClientMetadata } | { ok: false; errors: ClientFieldError[] };
