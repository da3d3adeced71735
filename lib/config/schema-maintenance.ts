/**
 * `maintenance`: windows when alarms notify nobody (deployments, planned work), as CloudWatch alarm mute rules
 * (see `lib/model/maintenance.ts`).
 */
import { z } from 'zod';
import { SEVERITIES } from '../model/alarm-spec';
import { MAX_MAINTENANCE_WINDOWS, MUTE_SCHEDULE } from '../model/maintenance';
import { quote } from '../util/echo';
import { obj } from './schema-helpers';
import { durationIn } from './schema-kit';

/** Whether the runtime knows an IANA time zone name. */
const knownZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const MaintenanceWindowSchema = obj({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { message: 'name must be lower case, digits and "-", at most 32' })
    .describe('Short name, unique in the app: part of the mute rule names.'),
  description: z.string().max(200).optional(),
  schedule: z
    .string()
    .regex(MUTE_SCHEDULE, {
      message:
        'schedule must be cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 22 ? * TUE *), or at(2026-12-24T18:00)',
    })
    .describe('When the window starts: cron(...) for a recurring window, at(yyyy-mm-ddThh:mm) for one.'),
  duration: durationIn('How long alarms stay muted each time: 1m to 15d.', '1m', '15d'),
  timezone: z
    .string()
    .max(64)
    .superRefine((v, ctx) => {
      if (!knownZone(v))
        ctx.addIssue({
          code: 'custom',
          message: `timezone ${quote(v)} is not an IANA time zone (e.g. Europe/Berlin)`,
        });
    })
    .optional()
    .describe('IANA time zone of the schedule, e.g. Europe/Berlin. Default UTC.'),
  services: z
    .array(z.string().min(1).max(32))
    .min(1)
    .max(100)
    .optional()
    .describe('The services whose alarms are muted. Default: every service.'),
  severities: z
    .array(z.enum(SEVERITIES))
    .min(1)
    .optional()
    .describe('The severities muted. Default: every severity.'),
});

export const MaintenanceSchema = z
  .array(MaintenanceWindowSchema)
  .max(MAX_MAINTENANCE_WINDOWS, { message: `at most ${MAX_MAINTENANCE_WINDOWS} maintenance windows` })
  .describe('Maintenance windows: alarms keep evaluating but notify nobody (CloudWatch alarm mute rules).');

export type MaintenanceConfig = z.output<typeof MaintenanceSchema>;
