import type { ReviewRule } from '../types';

export const actionsDisabled: ReviewRule = {
  id: 'actions-disabled',
  level: 'warning',
  title: 'Alarm actions switched off',
  advice:
    'ActionsEnabled is false, so the alarm changes state without notifying anyone. Remove it or say why.',
  check: (a) =>
    a.alarm.spec.actionsEnabled === false && a.alarm.spec.actions.alarm.length > 0
      ? [`ActionsEnabled is false: its ${a.alarm.spec.actions.alarm.length} ALARM action(s) never run`]
      : [],
};
