export * from './core/personnummer';
export * from './patient.entity';
export * from './patients.module';
export * from './patients.service';
