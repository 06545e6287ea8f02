import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'nurse' | 'specialist' | 'admin';
export const ROLES: readonly Role[] = ['nurse', 'specialist', 'admin'];

@Entity('region')
export class Region {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A hospital clinic that provides specialists (e.g. rheumatology at Östersunds sjukhus). */
@Entity('clinic')
export class Clinic {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'region_id' }) regionId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'hospital_name' }) hospitalName!: string;
  /** The care unit's HSA-id (issue 18), set by the region's administrator. */
  @Column('text', { name: 'hsa_id', nullable: true }) hsaId!: string | null;
  @Column('text') specialty!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('health_centre')
export class HealthCentre {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'region_id' }) regionId!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) municipality!: string | null;
  /** One way by road to the specialist clinic's hospital, for the travel-avoided report. */
  @Column('numeric', { name: 'road_distance_km', transformer: numeric }) roadDistanceKm!: number;
  @Column('integer', { name: 'travel_minutes', nullable: true }) travelMinutes!: number | null;
  /** The care unit's HSA-id (issue 18), set by the region's administrator. */
  @Column('text', { name: 'hsa_id', nullable: true }) hsaId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text', { name: 'password_hash', nullable: true, select: false }) passwordHash!: string | null;
  @Column('text') role!: Role;
  @Column('uuid', { name: 'region_id' }) regionId!: string;
  @Column('uuid', { name: 'health_centre_id', nullable: true }) healthCentreId!: string | null;
  @Column('uuid', { name: 'clinic_id', nullable: true }) clinicId!: string | null;
  @Column('boolean') active!: boolean;
  /** The person's HSA-id (issue 18): what the audit log names her by. */
  @Column('text', { name: 'hsa_id', nullable: true }) hsaId!: string | null;
  /** Bumped to end every token issued before (logout everywhere, deactivation). */
  @Column('integer', { name: 'token_version' }) tokenVersion!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
