import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError } from '@app/common';
import {
  AuditService,
  granted,
  mayActForCentre,
  outOfScope,
  patientInScope,
  PatientScope,
  patientScopeOf,
  Refusal,
  ScopedAccess,
} from '@app/audit';
import { HealthCentre, RequestContext } from '@app/identity';
import { ageInYears, parsePersonnummer, ParsedPersonnummer } from './core/personnummer';
import { Patient } from './patient.entity';
import type { CreatePatientDto, UpdatePatientDto } from './patients.dto';

export interface PatientView {
  id: string;
  personnummer: string;
  name: string;
  healthCentreId: string;
  phone: string | null;
  email: string | null;
  postalAddress: string | null;
  /** ISO 639-1; null when the patient needs no interpreter. */
  interpreterLanguage: string | null;
  birthDate: string;
  ageYears: number;
  isCoordinationNumber: boolean;
  createdAt: string;
}

export function toPatientView(p: Patient, now = new Date()): PatientView {
  const [y, m, d] = p.birthDate.split('-').map(Number) as [number, number, number];
  return {
    id: p.id,
    personnummer: p.personnummer,
    name: p.name,
    healthCentreId: p.healthCentreId,
    phone: p.phone,
    email: p.email,
    postalAddress: p.postalAddress,
    interpreterLanguage: p.interpreterLanguage,
    birthDate: p.birthDate,
    ageYears: ageInYears({ year: y, month: m, day: d }, now),
    isCoordinationNumber: p.isCoordinationNumber,
    createdAt: p.createdAt.toISOString(),
  };
}

@Injectable()
export class PatientsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: ScopedAccess,
  ) {}

  parseOrRefuse(personnummer: string): ParsedPersonnummer {
    const parsed = parsePersonnummer(personnummer);
    if (!parsed.ok) {
      throw ApiError.invalid('The personnummer is not valid', [{ field: 'personnummer', reason: parsed.message.en }], {
        messageSv: parsed.message.sv,
      });
    }
    return parsed.value;
  }

  /**
   * Registers a patient at a health centre of the caller's region. One patient per region and
   * personnummer (a region is one care provider); the patient is listed at one health centre at a time,
   * as in Swedish primary care. A personnummer already listed at the named centre answers 409 with its
   * id (the caller's own scope); one listed at another centre of the region moves to the named centre
   * (the patient changes vårdcentral), its name and phone taken from this registration, audited as an
   * update naming both centres. Nothing about the other centre's listing is revealed to the caller.
   * Another region's patient with the same personnummer is another record: regions share nothing.
   */
  async create(ctx: RequestContext, dto: CreatePatientDto): Promise<{ patient: PatientView; moved: boolean }> {
    const parsed = this.parseOrRefuse(dto.personnummer);
    const actor = ctx.actor;
    const centre = await this.dataSource
      .getRepository(HealthCentre)
      .findOne({ where: { id: dto.healthCentreId, regionId: actor.regionId } });
    if (!centre)
      throw ApiError.invalid('Unknown health centre', [{ field: 'healthCentreId', reason: 'no such health centre in your region' }]);
    if (!mayActForCentre(actor, centre.id)) {
      throw ApiError.forbidden('A nurse registers patients at her own health centre');
    }
    const { year, month, day } = parsed.birthDate;
    const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const outcome = await this.dataSource.transaction(async (m) => {
      const inserted: Array<{ id: string }> = await m.query(
        `INSERT INTO patient (region_id, personnummer, is_coordination_number, birth_date, name, health_centre_id, phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ON CONSTRAINT patient_personnummer_per_region DO NOTHING
         RETURNING id`,
        [actor.regionId, parsed.normalized, parsed.isCoordinationNumber, birthDate, dto.name, centre.id, dto.phone ?? null],
      );
      if (inserted.length > 0) {
        const id = inserted[0]!.id;
        await this.audit.record(m, ctx, { action: 'create', resourceType: 'Patient', resourceId: id, patientId: id, outcome: 'success' });
        return { patient: await m.getRepository(Patient).findOneByOrFail({ id }), moved: false };
      }
      // Locked, so two centres registering the same patient at once move it once each, in turn.
      const [existing]: Array<{ id: string; health_centre_id: string }> = await m.query(
        'SELECT id, health_centre_id FROM patient WHERE region_id = $1 AND personnummer = $2 FOR UPDATE',
        [actor.regionId, parsed.normalized],
      );
      if (!existing) throw ApiError.conflict('The patient was registered at the same moment; search again');
      if (existing.health_centre_id === centre.id) {
        await this.audit.record(m, ctx, {
          action: 'create',
          resourceType: 'Patient',
          resourceId: existing.id,
          patientId: existing.id,
          outcome: 'failed',
          reason: 'already registered',
        });
        return { existingId: existing.id };
      }
      await m.query(`UPDATE patient SET health_centre_id = $2, name = $3, phone = coalesce($4, phone), updated_at = now() WHERE id = $1`, [
        existing.id,
        centre.id,
        dto.name,
        dto.phone ?? null,
      ]);
      await this.audit.record(m, ctx, {
        action: 'update',
        resourceType: 'Patient',
        resourceId: existing.id,
        patientId: existing.id,
        outcome: 'success',
        reason: 'listing moved to another health centre',
        detail: { fromHealthCentreId: existing.health_centre_id, toHealthCentreId: centre.id },
      });
      return { patient: await m.getRepository(Patient).findOneByOrFail({ id: existing.id }), moved: true };
    });
    if ('existingId' in outcome) {
      throw ApiError.conflict('The patient is already registered at this health centre', { existingId: outcome.existingId }, [
        { field: 'personnummer', reason: 'a patient with this personnummer is registered at this health centre' },
      ]);
    }
    return { patient: toPatientView(outcome.patient), moved: outcome.moved };
  }

  /**
   * The centre's changes to its patient's contact details and interpreter need (issue 22). Audited with
   * the names of the fields changed, never their values.
   */
  async update(ctx: RequestContext, id: string, dto: UpdatePatientDto): Promise<PatientView> {
    const scope = patientScopeOf(ctx.actor);
    const columns: Record<keyof UpdatePatientDto, string> = {
      name: 'name',
      phone: 'phone',
      email: 'email',
      postalAddress: 'postal_address',
      interpreterLanguage: 'interpreter_language',
    };
    return this.access.run(ctx, { action: 'update', resourceType: 'Patient', resourceId: id, notFound: 'Patient' }, async (m) => {
      const patient = await this.findInScope(m, scope, { id });
      if (!patient) return outOfScope();
      const params: unknown[] = [id];
      const sets = (Object.keys(columns) as Array<keyof UpdatePatientDto>)
        .filter((k) => dto[k] !== undefined)
        .map((k) => `${columns[k]} = $${params.push(dto[k])}`);
      // Nothing changed: nothing to record.
      if (sets.length === 0) return granted(toPatientView(patient), { rows: [] });
      await m.query(`UPDATE patient SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
      return granted(toPatientView(await m.getRepository(Patient).findOneByOrFail({ id })), {
        patientId: id,
        // The fields' names, never their values; the interpreter's language is not a secret and says what changed.
        detail: {
          fields: Object.keys(dto),
          ...(dto.interpreterLanguage !== undefined ? { interpreterLanguage: dto.interpreterLanguage } : {}),
        },
      });
    });
  }

  async findByPersonnummer(ctx: RequestContext, personnummer: string): Promise<PatientView> {
    const parsed = this.parseOrRefuse(personnummer);
    return this.readOne(ctx, { personnummer: parsed.normalized }, parsed.normalized);
  }

  async get(ctx: RequestContext, id: string): Promise<PatientView> {
    return this.readOne(ctx, { id }, id);
  }

  /**
   * A patient the caller may see, read and audited in one transaction; for anyone else a 404 with
   * a denied audit row (naming the patient when the id exists), so ids outside the scope reveal nothing.
   */
  async readOne(ctx: RequestContext, where: { id: string } | { personnummer: string }, asked: string): Promise<PatientView> {
    const scope = patientScopeOf(ctx.actor);
    const target = { action: 'read', resourceType: 'Patient', resourceId: 'id' in where ? asked : null, notFound: 'Patient' } as const;
    return this.access.run(ctx, target, async (m) => {
      const patient = await this.findInScope(m, scope, where);
      if (!patient) {
        // Another centre's patient of the region: the denied row names her (by id, also when asked by personnummer).
        const hidden = await m.getRepository(Patient).findOne({ where: { ...where, regionId: ctx.actor.regionId } });
        return hidden ? new Refusal("outside the caller's scope", hidden.id, null, undefined, hidden.id) : outOfScope('no such patient');
      }
      return granted(toPatientView(patient), { resourceId: patient.id, patientId: patient.id });
    });
  }

  /** The one way to load a patient: the scope is part of the query. */
  async findInScope(m: EntityManager, scope: PatientScope, where: { id: string } | { personnummer: string }): Promise<Patient | null> {
    const patient = await m.getRepository(Patient).findOne({
      where: { ...where, regionId: scope.regionId, ...(scope.healthCentreId ? { healthCentreId: scope.healthCentreId } : {}) },
    });
    return patient && patientInScope(scope, patient) ? patient : null;
  }
}
