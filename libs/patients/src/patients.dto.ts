import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { personNameSchema } from '@app/common';

const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{5,20}$/, 'must be a phone number (digits, spaces, +, -)');

export const CreatePatientSchema = z.strictObject({
  personnummer: z.string().max(20),
  name: personNameSchema(),
  healthCentreId: z.uuid(),
  phone: phoneSchema.optional(),
});

/** ISO 639-1 codes (two lowercase letters); the list is checked, so a code that is no language (xx, sp) is refused. */
export const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el ' +
    'en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ' +
    'ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na ' +
    'nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so ' +
    'sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

/** What the centre may change about its patient; a field set to null is cleared, one left out is kept. */
export const UpdatePatientSchema = z.strictObject({
  name: personNameSchema().optional(),
  phone: phoneSchema.nullable().optional(),
  email: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address')
    .nullable()
    .optional(),
  postalAddress: z.string().trim().min(1).max(300).nullable().optional(),
  interpreterLanguage: z
    .string()
    .refine((v) => ISO_639_1.has(v), 'must be an ISO 639-1 language code in lowercase, e.g. ar, so, ti, fa')
    .nullable()
    .optional(),
});
export class UpdatePatientDto extends createZodDto(UpdatePatientSchema) {}
export class CreatePatientDto extends createZodDto(CreatePatientSchema) {}

/** Look-up by personnummer in the body, never in a URL (URLs end up in logs and browser history). */
export const SearchPatientSchema = z.strictObject({ personnummer: z.string().max(20) });
export class SearchPatientDto extends createZodDto(SearchPatientSchema) {}
