export * from './video-provider';
export * from './visit-fhir';
export * from './visits.dto';
export * from './visits.module';
export * from './visits.service';
