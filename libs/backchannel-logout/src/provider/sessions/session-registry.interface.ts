import { Inject } from '@nestjs/common';

/** One RP session at the OP: client `clientId` received an ID Token for `sub` with `sid`. */
export interface SessionParticipant {
  readonly sid: string | null;
  readonly sub: string;
  readonly clientId: string;
}

/**
 * Port: which clients took part in which OP session (BCL §2.3: "OPs ... need to keep track of the set of
 * logged-in RPs"). The module ships a TypeORM implementation; a host that already tracks this implements
 * the port.
 */
export interface BackchannelLogoutSessionRegistry {
  /** Record one ID Token issuance. Recording the same (sid, clientId) twice keeps one entry. */
  record(participant: SessionParticipant): Promise<void>;
  /** Every participant of OP session `sid`. */
  findBySid(sid: string): Promise<SessionParticipant[]>;
  /** Every participant of any session of `sub`. */
  findBySub(sub: string): Promise<SessionParticipant[]>;
  /** Forget the session once its logout is recorded (called after the deliveries are stored). */
  removeBySid(sid: string): Promise<void>;
  /** Forget every session of `sub`. */
  removeBySub(sub: string): Promise<void>;
}

/** Injection token of the {@link BackchannelLogoutSessionRegistry} port. */
export const BackchannelLogoutSessionRegistry = Symbol('BackchannelLogoutSessionRegistry');

/** `@InjectBackchannelLogoutSessionRegistry() registry: BackchannelLogoutSessionRegistry` */
export const InjectBackchannelLogoutSessionRegistry = (): ParameterDecorator =>
  Inject(BackchannelLogoutSessionRegistry);
