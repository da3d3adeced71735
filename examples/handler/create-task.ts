/**
 * An instrumented Lambda handler: `POST /tasks` of the example app (telemetry.yaml, service `api`).
 *
 * - the handler and the calls inside it are wrapped with `withTelemetry`: each records `Duration`, `Errors`
 *   (by error class) and `OverBudget` against its budget from telemetry.yaml (`auth.*` 50 ms, the rest 200 ms);
 * - business KPIs and journeys declared in telemetry.yaml: tasks created, and the onboarding journey's
 *   `first-project` stage (a user's first task opens their first project); a name the config does not declare
 *   would be written but watched by nothing, which the contract test (test/product/contract.test.ts) catches;
 * - everything is written once per invocation, as Embedded Metric Format on stdout, before the handler returns.
 *
 * The budgets come from `telemetry.settings.ts`, generated from telemetry.yaml by
 * `npx cdk-telemetry runtime-config -c telemetry.yaml -o examples/handler/telemetry.settings.ts --service api`
 * (a construct can set the same settings as the `CDK_TELEMETRY_RUNTIME` environment variable instead).
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { configureTelemetry, journey, kpi, withTelemetry } from 'cdk-telemetry/runtime';
import { telemetrySettings } from './telemetry.settings';

configureTelemetry({ settings: telemetrySettings });

interface Task {
  readonly id: string;
  readonly owner: string;
  readonly title: string;
  readonly due?: string;
}

/** The request was wrong: answered with 400, not counted as an error of the handler. */
class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

/** The task exists already. */
class Conflict extends Error {
  override readonly name = 'Conflict';
}

/** Stands in for DynamoDB in this example. */
const table = new Map<string, Task>();

const verifyToken = withTelemetry('auth.verifyToken', async (header: string | undefined) => {
  const token = header?.replace(/^Bearer /, '');
  if (!token) throw new BadRequest('missing token');
  // A real authorizer verifies a signature; the example decodes `user:signedUpAtMs`.
  const [user, signedUpAt] = Buffer.from(token, 'base64').toString('utf8').split(':');
  return { user, signedUpAt: Number(signedUpAt) };
});

const saveTask = withTelemetry('tasks.save', async (task: Task) => {
  if (table.has(task.id)) throw new Conflict(`task ${task.id} exists`);
  await new Promise((resolve) => setTimeout(resolve, 1)); // the round trip to the table
  table.set(task.id, task);
  return task;
});

function parse(body: string | null): { id: string; title: string; due?: string } {
  let input: { id?: unknown; title?: unknown; due?: unknown };
  try {
    input = JSON.parse(body ?? '{}') as typeof input;
  } catch {
    throw new BadRequest('the body is not JSON');
  }
  if (typeof input.id !== 'string' || typeof input.title !== 'string' || !input.title) {
    throw new BadRequest('id and title are required');
  }
  return { id: input.id, title: input.title, ...(typeof input.due === 'string' ? { due: input.due } : {}) };
}

export const handler = withTelemetry(
  'POST /tasks',
  async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const { user, signedUpAt } = await verifyToken(event.headers.authorization);
      const input = parse(event.body);
      const firstTask = ![...table.values()].some((t) => t.owner === user);
      const task = await saveTask({ ...input, owner: user });
      kpi.count('tasks-created');
      if (firstTask) journey('onboarding').reached('first-project', { startedAt: signedUpAt, user });
      return { statusCode: 201, body: JSON.stringify(task) };
    } catch (e) {
      if (e instanceof BadRequest) return { statusCode: 400, body: e.message };
      if (e instanceof Conflict) return { statusCode: 409, body: e.message };
      throw e; // a 5xx: counted as an error of `POST /tasks`
    }
  },
);
