import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { REFERRAL_STATUSES } from './core/status';

const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://ledtriage.region.example' })
  .max(500)
  .refine((u) => !/[?#]/.test(u), 'must not hold a query or a fragment');

export const RegisterPartnerSchema = z.strictObject({ name: text(200), baseUrl: httpUrl });
export class RegisterPartnerDto extends createZodDto(RegisterPartnerSchema) {}

const price = z.number().min(0).max(10_000_000).multipleOf(0.01, 'must be in whole öre (at most two decimals)');
export const OfferServiceSchema = z.strictObject({
  title: text(200),
  specialty: text(100),
  pathwayKey: text(100),
  turnaroundDays: z.number().int().min(1).max(365),
  pricePerReferral: price,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK')
    .default('SEK'),
  contact: text(300).optional(),
});
export class OfferServiceDto extends createZodDto(OfferServiceSchema) {}

export const ChangeServiceSchema = z
  .strictObject({
    title: text(200).optional(),
    turnaroundDays: z.number().int().min(1).max(365).optional(),
    pricePerReferral: price.optional(),
    contact: text(300).optional(),
    status: z.enum(['open', 'closed']).optional(),
    /** Publishes the pathway's current version as the service's form (after a new version was published). */
    refreshForm: z.boolean().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'must change something' });
export class ChangeServiceDto extends createZodDto(ChangeServiceSchema) {}

export const RetrySchema = z.strictObject({ partnerId: z.uuid().optional() });
export class RetryDto extends createZodDto(RetrySchema) {}

export const InboundMessageSchema = z.strictObject({ jws: z.string().min(20).max(200_000) });
export class InboundMessageDto extends createZodDto(InboundMessageSchema) {}

export const CreateReferralSchema = z.strictObject({
  serviceId: z.uuid(),
  patientId: z.uuid(),
  answers: z.record(z.string().min(1).max(100), z.union([z.number(), z.boolean(), z.string().max(2000)])),
});
export class CreateReferralDto extends createZodDto(CreateReferralSchema) {}

export const RejectSchema = z.strictObject({ reason: text(1000) });
export class RejectDto extends createZodDto(RejectSchema) {}
export const RequestCompletionSchema = z.strictObject({ question: text(2000) });
export class RequestCompletionDto extends createZodDto(RequestCompletionSchema) {}
export const CompleteSchema = z.strictObject({ reply: text(4000) });
export class CompleteDto extends createZodDto(CompleteSchema) {}
export const AnswerReferralSchema = z.strictObject({ summary: text(8000) });
export class AnswerReferralDto extends createZodDto(AnswerReferralSchema) {}

export const ListReferralsSchema = z.strictObject({
  direction: z.enum(['outgoing', 'incoming']).optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
});
export class ListReferralsDto extends createZodDto(ListReferralsSchema) {}

export const InvoiceBasisSchema = z.strictObject({
  month: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM between 2000 and 2099'),
});
export class InvoiceBasisDto extends createZodDto(InvoiceBasisSchema) {}
