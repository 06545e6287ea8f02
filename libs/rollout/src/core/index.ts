export * from './training';
export * from './refresher';
