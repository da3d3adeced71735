/** The Lambda entry point (bundled with esbuild by `provider-code.ts`): real clients, default retries. */
import { GrafanaClient } from '@aws-sdk/client-grafana';
import { S3Client } from '@aws-sdk/client-s3';
import { makeHandler } from './handler';

export const handler = makeHandler({ grafana: new GrafanaClient({}), s3: new S3Client({}) });
