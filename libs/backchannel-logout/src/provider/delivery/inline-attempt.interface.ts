import { RecordedAttempt } from './delivery.repository';
import { LogoutDeliveryEntity } from './logout-delivery.entity';

/** An attempt's outcome as it will be recorded, known as soon as the RP answered (before the write). */
export type DecidedAttempt = Pick<
  RecordedAttempt,
  'status' | 'attempts' | 'httpStatus' | 'errorCode' | 'errorMessage'
>;

/** What the inline first attempt brings to {@link LogoutDeliveryService.attempt}. */
export interface InlineAttemptContext {
  /** The row as just written by this process, which saves reading it back. */
  readonly row: LogoutDeliveryEntity;
  /** Its Logout Token, signed while the row was stored (`presign`). */
  readonly token?: Promise<string>;
  /** Aborted when the shutdown gives up on the attempt: it stops, records nothing and decides nothing. */
  readonly cut?: AbortSignal;
  /** Told the outcome right before it is written; the write (and its report) follows in any case. */
  readonly decided?: (attempt: DecidedAttempt) => void;
}
