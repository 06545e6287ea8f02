export * from './notices';
export * from './reminders';
export * from './scheduling.dto';
export * from './scheduling.module';
export * from './scheduling.service';

export * from './session-rows';
export * from './calendar-feed';
export * from './channels/notice-text';
export * from './channels/notice-channels';
export * from './channels/sms-gateway';
export * from './patient-link';
