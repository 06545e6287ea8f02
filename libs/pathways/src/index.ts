export * from './core';
export * from './pathway.entities';
export * from './pathways.module';
export * from './pathways.service';
export * from './catalogue.service';
export * from './pathways.responses';
