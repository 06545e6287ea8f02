import { type PipeTransform } from '@nestjs/common';
import { ApiError } from '@app/common';

/** PostgreSQL's integer, the type of `pathway_version.version`. */
const INT4_MAX = 2_147_483_647;

/** A version number in a path: 1 ... 2^31-1, digits only (#15.9: `2147483648`, `-1`, `1e3` are 400, not 500). */
export class VersionParamPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const n = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(n <= INT4_MAX)) {
      throw ApiError.badRequest('The version is not valid', [{ field: 'version', reason: `must be a whole number from 1 to ${INT4_MAX}` }]);
    }
    return n;
  }
}

/** One side of a version diff: a version number, or `draft` for the open draft. */
export class DiffSidePipe implements PipeTransform<string, number | 'draft'> {
  transform(value: string, meta: { data?: string }): number | 'draft' {
    if (value === 'draft') return value;
    const n = /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(n <= INT4_MAX)) {
      throw ApiError.badRequest('The version is not valid', [
        { field: meta.data ?? 'version', reason: `must be "draft" or a whole number from 1 to ${INT4_MAX}` },
      ]);
    }
    return n;
  }
}
