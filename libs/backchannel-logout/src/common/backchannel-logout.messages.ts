/**
 * Every error code of the library with the sentence an operator reads. Codes are stable API:
 * add new ones, never rename. Messages never contain a token.
 */
export const BACKCHANNEL_LOGOUT_MESSAGES = {
  // ---- Provider side: configuration, registration, delivery ----
  invalid_options: 'Invalid BackchannelLogoutModule options',
  signing_key_unavailable: 'No usable signing key for logout tokens',
  client_uri_invalid: 'The registered backchannel_logout_uri is not acceptable',
  client_not_found: 'The client is unknown, deleted or deactivated',
  client_store_failed: 'Reading the registered clients failed',
  session_required_no_sid:
    'The client requires a sid (backchannel_logout_session_required) but none is known for this logout',
  uri_not_string: 'backchannel_logout_uri must be a string',
  uri_too_long: 'backchannel_logout_uri must be at most 2048 characters long',
  uri_not_absolute:
    'backchannel_logout_uri must be an absolute URI such as https://rp.example.com/backchannel-logout',
  uri_fragment: 'backchannel_logout_uri must not contain a fragment (#...)',
  uri_credentials: 'backchannel_logout_uri must not contain a user name or password',
  target_scheme_refused: 'backchannel_logout_uri must use https',
  target_address_refused:
    'backchannel_logout_uri points to a private or special-use network address, which is refused',
  target_dns_failed: 'backchannel_logout_uri host name could not be resolved',
  session_required_not_boolean:
    'backchannel_logout_session_required must be a boolean (true or false)',
  redirect_refused: 'The RP answered with a redirect, which is never followed',
  rp_rejected: 'The RP rejected the logout token',
  rp_busy: 'The RP asked to try again later',
  rp_temporarily_unavailable:
    'The RP is temporarily unable to process the logout and asked to retry',
  retransmission_refused:
    'The RP refused a retransmission of a token whose first attempt went unanswered; the logout most likely happened',
  rp_server_error: 'The RP answered with a server error',
  rp_unexpected_status: 'The RP answered with an unexpected status',
  rp_timeout: 'The RP did not answer in time',
  network_error: 'Network error while delivering to the RP',
  delivery_not_found: 'No such delivery',
  delivery_not_retryable: 'Only a failed delivery can be retried',

  // ---- Receiver side: request, token validation (BCL §2.5, §2.6), session termination (§2.7) ----
  request_content_type: 'The request must be application/x-www-form-urlencoded',
  request_missing_token: 'Missing logout_token',
  request_duplicate_token: 'logout_token must be sent exactly once',
  request_token_too_large: 'logout_token is larger than the configured limit',
  token_malformed: 'logout_token is not a well-formed signed JWT',
  token_encrypted: 'Encrypted logout tokens are not supported by this receiver',
  token_duplicate_claim: 'logout_token has duplicate claim or header names',
  header_crit: 'logout_token has a crit header, which is not supported',
  typ_invalid: 'logout_token has a typ header that is not a logout token type',
  alg_not_allowed: 'logout_token alg is not allowed for this issuer',
  issuer_unknown: 'logout_token iss is not a trusted issuer',
  jwks_unavailable: "The issuer's JWKS could not be fetched",
  key_not_found: "No key in the issuer's JWKS matches the logout_token",
  signature_invalid: 'logout_token signature is invalid',
  claim_iss_invalid: 'logout_token iss does not exactly match the issuer',
  claim_aud_invalid: 'logout_token aud does not match this client',
  claim_iat_invalid: 'logout_token iat is missing or not a number',
  claim_iat_future: 'logout_token iat is in the future',
  claim_iat_too_old: 'logout_token is older than the maximum allowed age',
  claim_exp_missing: 'logout_token exp is missing',
  claim_exp_invalid: 'logout_token exp is not a number',
  claim_exp_expired: 'logout_token has expired',
  claim_jti_invalid: 'logout_token jti is missing or not a string',
  claim_sub_sid_missing: 'logout_token has neither sub nor sid',
  claim_sub_invalid: 'logout_token sub is not a non-empty string',
  claim_sid_invalid: 'logout_token sid is not a non-empty string',
  claim_events_invalid:
    'logout_token events claim is missing or does not contain the back-channel logout event',
  claim_event_value_invalid: 'logout_token back-channel logout event value is not a JSON object',
  claim_nonce_present: 'logout_token must not contain a nonce',
  token_replayed: 'logout_token jti was already used',
  replay_store_failed: 'The replay store failed',
  session_termination_failed: 'Ending the sessions failed',
  after_logout_hook_failed: 'The after-logout hook failed',
  receiver_invalid_options: 'Invalid BackchannelLogoutReceiverModule options',
  request_method_not_allowed: 'The back-channel logout endpoint accepts only POST',
  request_token_in_query: 'logout_token must be sent in the POST body, never in the URL',
  request_token_invalid: 'logout_token must be a single string value',
  request_body_too_large: 'The request body is larger than the configured limit',
  request_body_unreadable: 'The request body could not be read',
  request_content_encoding: 'Compressed request bodies are not accepted',
  issuer_metadata_unavailable: "The issuer's discovery document could not be fetched or is invalid",
  claim_nbf_future: 'logout_token nbf is in the future',
  session_sub_mismatch: 'The session identified by sid belongs to a different sub',
  downstream_logout_failed: 'Propagating the logout to downstream relying parties failed',
  session_logged_out: 'The session was ended by a back-channel logout',
  receiver_internal_error: 'The logout request could not be processed',
  session_link_invalid: 'Invalid session link: it needs iss, sessionId and sub or sid',
  logout_too_old:
    'logout_token iat (the logout time) is older than the receiver accepts (maxLogoutAgeSeconds)',
  claim_exp_before_iat: 'logout_token exp is earlier than its iat',
  duplicate_in_progress:
    'The same logout_token is still being processed by another request; try again later',
  key_refetch_cooling_down:
    "No key in the issuer's cached JWKS matches the logout_token, and the JWKS was fetched too recently to fetch it again; try again later",
} as const;

/** The stable `code` of a {@link BackchannelLogoutError}: one per message above; never reworded once released. */
export type BackchannelLogoutErrorCode = keyof typeof BACKCHANNEL_LOGOUT_MESSAGES;
