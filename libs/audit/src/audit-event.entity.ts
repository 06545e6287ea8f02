import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditAction, AuditOutcome } from '@app/identity';

// Defined beside the audit row's SQL in identity (which audits its own administrative changes).
export type { AuditAction, AuditOutcome };

/** One touch of patient data (Patientdatalagen / HSLF-FS 2016:40). Append-only, enforced by a trigger. */
@Entity('audit_event')
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt!: Date;
  @Column('uuid', { name: 'actor_user_id', nullable: true }) actorUserId!: string | null;
  @Column('text', { name: 'actor_username', nullable: true }) actorUsername!: string | null;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('text', { name: 'care_unit_type', nullable: true }) careUnitType!: string | null;
  @Column('uuid', { name: 'care_unit_id', nullable: true }) careUnitId!: string | null;
  @Column('uuid', { name: 'region_id', nullable: true }) regionId!: string | null;
  @Column('uuid', { name: 'patient_id', nullable: true }) patientId!: string | null;
  @Column('text') action!: AuditAction;
  @Column('text', { name: 'resource_type' }) resourceType!: string;
  @Column('text', { name: 'resource_id', nullable: true }) resourceId!: string | null;
  @Column('text') outcome!: AuditOutcome;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId!: string | null;
  @Column('text', { name: 'client_ip', nullable: true }) clientIp!: string | null;
  @Column('jsonb', { nullable: true }) detail!: Record<string, unknown> | null;
  @Column('uuid', { name: 'data_region_id', nullable: true }) dataRegionId!: string | null;
}
