import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('patient')
export class Patient {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'region_id' }) regionId!: string;
  /** Normalised `YYYYMMDDNNNN`. */
  @Column('char', { length: 12 }) personnummer!: string;
  @Column('boolean', { name: 'is_coordination_number' }) isCoordinationNumber!: boolean;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text') name!: string;
  @Column('uuid', { name: 'health_centre_id' }) healthCentreId!: string;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { name: 'postal_address', nullable: true }) postalAddress!: string | null;
  /** ISO 639-1: the language an interpreter must speak; null when none is needed. */
  @Column('text', { name: 'interpreter_language', nullable: true }) interpreterLanguage!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
