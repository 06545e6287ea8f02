export * from './notices';
export * from './reminders';
export * from './scheduling.dto';
export * from './scheduling.module';
export * from './bookings.service';
export * from './centre-facilities.service';
export * from './clinic-sessions.service';
export * from './slots';

export * from './session-rows';
export * from './calendar-feed';
export * from './channels/notice-text';
export * from './channels/notice-channels';
export * from './channels/sms-gateway';
export * from './patient-link';
export * from './patient-link.controller';
export * from './patient-link-view';
