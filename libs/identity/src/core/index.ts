export * from './login-backoff';
export * from './password-policy';
