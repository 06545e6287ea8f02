import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { calendarDateSchema } from '@app/common';

const calendarDate = calendarDateSchema('2000-01-01', '2999-12-31');
const price = z.number().min(0).max(10_000_000);

export const ProposeAgreementSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    providerRegionId: z.uuid(),
    providerClinicId: z.uuid(),
    healthCentreIds: z.array(z.uuid()).min(1).max(500),
    pathwayKeys: z.array(z.string().min(1).max(100)).min(1).max(50),
    /** Share of one full-time specialist, 0 < share <= 1 (0.4 = 40 %). */
    // Stored as numeric(4,3) and numeric(4,1): smaller values would round to 0 (a 500 before #15.9).
    capacityShare: z.number().min(0.001, 'must be at least 0.001 (0.1 % of a full-time specialist)').max(1),
    fullTimeHoursPerWeek: z.number().min(0.1).max(60).default(40),
    validFrom: calendarDate,
    validTo: calendarDate,
    prices: z.strictObject({ remoteVisit: price, onsiteDay: price, noShow: price }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK')
      .default('SEK'),
  })
  .refine((a) => a.validTo >= a.validFrom, { path: ['validTo'], message: 'must not be before validFrom' });
export class ProposeAgreementDto extends createZodDto(ProposeAgreementSchema) {}
