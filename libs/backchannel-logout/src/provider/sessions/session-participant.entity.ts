import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One RP session at the OP: client `clientId` received an ID Token for `sub` carrying `sid`
 * (table `bcl_session_participant`). Written by the TypeORM session registry.
 */
@Entity('bcl_session_participant')
@Index('IDX_bcl_session_participant_sid', ['sid'])
@Index('IDX_bcl_session_participant_sub', ['sub'])
@Index('IDX_bcl_session_participant_client_id', ['clientId', 'id'])
@Index('UQ_bcl_session_participant_sid_client', ['sid', 'clientId'], { unique: true })
export class SessionParticipantEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sid: string | null;

  @Column({ type: 'varchar', length: 255 })
  sub: string;

  @Column({ name: 'client_id', type: 'varchar', length: 255 })
  clientId: string;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;
}
