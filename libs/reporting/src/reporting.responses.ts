import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { createZodDto, type ZodDto, ZodSerializerDto } from 'nestjs-zod';
import { z } from 'zod';
import { timestamp } from '@app/common';

/**
 * The reporting routes' answers (issue 16 #5): the OpenAPI document's schemas, the web's generated types and
 * what the response serializer lets through (an unknown key is dropped, a mismatch is a 500).
 */

const Localised = z.object({ sv: z.string(), en: z.string() });

export const ReportSummarySchema = z.object({ id: z.string(), title: Localised, description: Localised }).meta({ id: 'ReportSummary' });
export class ReportSummaryResponse extends createZodDto(ReportSummarySchema) {}

export const ReportResultSchema = z
  .object({
    id: z.string(),
    /** The period, Stockholm calendar dates (YYYY-MM-DD), both included. */
    from: z.string(),
    to: z.string(),
    columns: z.array(
      z.object({
        key: z.string(),
        title: Localised,
        /** `percent` values are 0-100; `money` in the currency named by the row or the title; `date` is YYYY-MM-DD. */
        type: z.enum(['text', 'number', 'date', 'percent', 'money']),
      }),
    ),
    /** One object per table row, keyed by the columns' keys (null for no value): the reports' data, not this contract. */
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'ReportResult' });
export class ReportResultResponse extends createZodDto(ReportResultSchema) {}
export type ReportResultWire = z.input<typeof ReportResultSchema>;

export const ReportSettingsViewSchema = z
  .object({
    /** What a week of an external locum (hyrläkare) costs the region; null: not entered. */
    externalLocumWeeklyCost: z.number().nullable(),
    currency: z.string(),
    updatedAt: timestamp.nullable(),
  })
  .meta({ id: 'ReportSettings' });
export class ReportSettingsResponse extends createZodDto(ReportSettingsViewSchema) {}

export const StaffingMonthRowSchema = z
  .object({
    specialty: z.string(),
    /** YYYY-MM. */
    month: z.string(),
    hiredDoctorWeeks: z.number(),
    hiredDoctorCost: z.number(),
    /** null: left to the planned on-site sessions. */
    internalLocumWeeks: z.number().nullable(),
    currency: z.string(),
    updatedAt: timestamp,
  })
  .meta({ id: 'StaffingMonth' });
export class StaffingMonthResponse extends createZodDto(StaffingMonthRowSchema) {}

export const StaffingImportResultSchema = z
  .object({ imported: z.number().int(), months: z.array(z.string()), specialties: z.array(z.string()) })
  .meta({ id: 'StaffingImport' });
export class StaffingImportResponse extends createZodDto(StaffingImportResultSchema) {}

/**
 * A route that answers JSON, or the CSV file to `Accept: text/csv` (see `wantsCsv`, `csvFile`): the JSON is
 * checked and shaped by the DTO's schema like any other answer, the document names both media types. The
 * handler returns the DTO's input type or the file; `@ZodResponse` cannot say so (it types one answer).
 */
export function JsonOrCsvResponse(dto: ZodDto) {
  const output = dto.Output;
  return applyDecorators(
    ZodSerializerDto(dto),
    ApiExtraModels(output),
    ApiOkResponse({
      content: {
        'application/json': { schema: { $ref: getSchemaPath(output) } },
        'text/csv': { schema: { type: 'string', description: 'UTF-8 with a byte order mark; a header row of the Swedish titles' } },
      },
    }),
  );
}
