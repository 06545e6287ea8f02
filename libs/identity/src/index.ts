export * from './access.decorators';
export * from './actor';
export * from './auth.service';
export * from './identity.module';
export * from './organisation.entities';
export * from './organisation.service';
export * from './passwords';
export * from './token.service';
