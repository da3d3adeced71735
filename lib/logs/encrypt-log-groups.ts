/**
 * `encryptLogGroups(scope)`: an Aspect that KMS-encrypts every log group in a scope that has no key: L2 and L1
 * groups, the groups `enforceLogRetention` adds for Lambda functions, and the groups of custom resource providers.
 * Each stack gets one customer-managed key (rotation on, usable by CloudWatch Logs for this account's groups),
 * created when the stack has a group to encrypt, or the key you give.
 */
import { AspectPriority, Aspects, Stack, type IAspect } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { LogEncryptionKey } from './encryption-key';

/** Options of {@link EncryptLogGroups}. */
export interface EncryptLogGroupsOptions {
  /**
   * The key of a stack's groups; its policy must let CloudWatch Logs use it (`allowCloudWatchLogs`).
   * Return `undefined` for a new key in that stack.
   * @default - one new key per stack that has a group without a key
   */
  readonly keyFor?: (stack: Stack) => kms.IKey | undefined;
  /** Description of the keys created here. @default 'Encrypts the log groups of this stack (cdk-telemetry)' */
  readonly description?: string;
}

const KEY_ID = 'LogGroupsKey';

/**
 * `encryptLogGroups(scope)`: an Aspect that KMS-encrypts every log group in a scope that has no key: L2 and L1
 * groups, the groups `enforceLogRetention` adds for Lambda functions, and the groups of custom resource providers.
 * Each stack gets one customer-managed key (rotation on, usable by CloudWatch Logs for this account's groups),
 * created when the stack has a group to encrypt, or the key you give.
 */
export class EncryptLogGroups implements IAspect {
  /** Paths of the groups this Aspect encrypted. */
  readonly encrypted: string[] = [];
  private readonly keys = new WeakMap<Stack, kms.IKey>();

  constructor(private readonly options: EncryptLogGroupsOptions = {}) {}

  /** KMS-encrypts a log group without a key (L1, L2 or implicit): called by CDK for every construct of the scope. */
  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup) || node.kmsKeyId !== undefined) return;
    const stack = Stack.of(node);
    // DELIVERY-class groups are managed by the delivering service and take no key.
    if (stack.resolve(node.logGroupClass) === 'DELIVERY') return;
    node.kmsKeyId = this.keyOf(stack).keyArn;
    this.encrypted.push(node.node.path);
  }

  private keyOf(stack: Stack): kms.IKey {
    let key = this.keys.get(stack) ?? this.options.keyFor?.(stack);
    if (!key) {
      key = new LogEncryptionKey(stack, KEY_ID, {
        description: this.options.description ?? 'Encrypts the log groups of this stack (cdk-telemetry)',
      }).key;
    }
    this.keys.set(stack, key);
    return key;
  }
}

/** KMS-encrypts every log group in `scope` that has no key. Returns the Aspect (`encrypted` lists what it did). */
export function encryptLogGroups(scope: IConstruct, options: EncryptLogGroupsOptions = {}): EncryptLogGroups {
  const aspect = new EncryptLogGroups(options);
  Aspects.of(scope).add(aspect, { priority: AspectPriority.MUTATING });
  return aspect;
}
