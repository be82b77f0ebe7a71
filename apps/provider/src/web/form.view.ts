import { html, SafeHtml } from '../../../shared/html';
import { CSRF_FIELD } from './csrf.service';

/** A hidden form field; nothing when there is no value to carry. */
export const hiddenInput = (name: string, value: string | undefined): SafeHtml | '' =>
  value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}" />`;

/** The CSRF field every form of the provider posts (checked by `CsrfGuard`). */
export const csrfInput = (token: string): SafeHtml =>
  html`<input type="hidden" name="${CSRF_FIELD}" value="${token}" />`;
