/**
 * EventBridge → SNS messages that read well everywhere the alert topics deliver: the custom notification format of
 * AWS Chatbot (Amazon Q Developer in chat applications), which Slack renders as a card and email shows as JSON.
 * Chatbot ignores plain-text messages from EventBridge, so this is the one format that reaches every channel.
 */
import * as events from 'aws-cdk-lib/aws-events';

/** The parts of an AWS Chatbot custom notification. */
export interface ChatNotification {
  /** One line; may hold `EventField` values. */
  readonly title: string;
  /** Markdown lines; may hold `EventField` values. */
  readonly description: string;
  /** What to do, in order. @default - none */
  readonly nextSteps?: readonly string[];
  /** Short labels for filtering. @default - none */
  readonly keywords?: readonly string[];
}

/** The input transformer of a rule target: a Chatbot custom notification filled from the event. */
export function chatNotification(n: ChatNotification): events.RuleTargetInput {
  return events.RuleTargetInput.fromObject({
    version: '1.0',
    source: 'custom',
    id: events.EventField.eventId,
    content: {
      textType: 'client-markdown',
      title: n.title,
      description: n.description,
      ...(n.nextSteps?.length ? { nextSteps: n.nextSteps } : {}),
      ...(n.keywords?.length ? { keywords: n.keywords } : {}),
    },
  });
}
