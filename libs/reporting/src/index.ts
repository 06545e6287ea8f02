export * from './csv';
export * from './report-definitions';
export * from './reporting.module';
export * from './reports.controller';
export * from './reports.dto';
export * from './reports.service';
