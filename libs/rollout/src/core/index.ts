export * from './training';
export * from './refresher';
export * from './verdicts';
