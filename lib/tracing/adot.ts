/**
 * ADOT (AWS Distro for OpenTelemetry) Lambda layers: which layer a spec means, whether it is valid, and whether a
 * function's runtime can use it. The layer ARN of the AWS-published layers comes from aws-cdk-lib's Region facts
 * (an env-agnostic stack gets a CloudFormation mapping).
 */
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { adotTarget, type AdotLayerKind, type AdotRuntime, type AdotSpec } from '../model/tracing';

interface VersionClass {
  readonly layerVersion: string;
}

const KINDS: Record<
  AdotLayerKind,
  { readonly cls: object; readonly layer: (v: never) => lambda.AdotLayerVersion }
> = {
  javascript: {
    cls: lambda.AdotLambdaLayerJavaScriptSdkVersion,
    layer: (v: lambda.AdotLambdaLayerJavaScriptSdkVersion) =>
      lambda.AdotLayerVersion.fromJavaScriptSdkLayerVersion(v),
  },
  python: {
    cls: lambda.AdotLambdaLayerPythonSdkVersion,
    layer: (v: lambda.AdotLambdaLayerPythonSdkVersion) =>
      lambda.AdotLayerVersion.fromPythonSdkLayerVersion(v),
  },
  'java-sdk': {
    cls: lambda.AdotLambdaLayerJavaSdkVersion,
    layer: (v: lambda.AdotLambdaLayerJavaSdkVersion) => lambda.AdotLayerVersion.fromJavaSdkLayerVersion(v),
  },
  'java-agent': {
    cls: lambda.AdotLambdaLayerJavaAutoInstrumentationVersion,
    layer: (v: lambda.AdotLambdaLayerJavaAutoInstrumentationVersion) =>
      lambda.AdotLayerVersion.fromJavaAutoInstrumentationLayerVersion(v),
  },
  generic: {
    cls: lambda.AdotLambdaLayerGenericVersion,
    layer: (v: lambda.AdotLambdaLayerGenericVersion) => lambda.AdotLayerVersion.fromGenericLayerVersion(v),
  },
};

/** Versions aws-cdk-lib knows for a layer kind, newest (`latest`) first. */
export function adotVersions(kind: AdotLayerKind): Map<string, VersionClass> {
  const cls = KINDS[kind].cls as Record<string, unknown> & { LATEST: VersionClass };
  const out = new Map<string, VersionClass>([['latest', cls.LATEST]]);
  for (const v of Object.values(cls)) {
    if (v && typeof v === 'object' && 'layerVersion' in v)
      out.set((v as VersionClass).layerVersion, v as VersionClass);
  }
  return out;
}

/** Problems with an ADOT spec, each naming the field. */
export function adotProblems(spec: AdotSpec): Array<{ field?: string; message: string }> {
  const out: Array<{ field?: string; message: string }> = [];
  if (!spec.layer === !spec.layerArn) {
    out.push({
      message: 'give either layer (an ADOT layer aws-cdk-lib knows) or layerArn (any layer version)',
    });
    return out;
  }
  if (spec.layerArn && spec.version) {
    out.push({
      field: 'version',
      message: 'version goes with layer; a layerArn carries its version at the end',
    });
  }
  if (spec.layer) {
    const versions = adotVersions(spec.layer);
    const v = spec.version ?? 'latest';
    if (!versions.has(v)) {
      out.push({
        field: 'version',
        message: `version ${v} of the ${spec.layer} layer is not known to aws-cdk-lib (known: ${[...versions.keys()].join(', ')})`,
      });
    }
    const natural = adotTarget({ layer: spec.layer }).runtime;
    if (spec.runtime && natural !== 'any' && spec.runtime !== natural) {
      out.push({
        field: 'runtime',
        message: `the ${spec.layer} layer serves ${natural} functions, not ${spec.runtime}`,
      });
    }
  }
  const { runtime, wrapper } = adotTarget(spec);
  if (runtime === 'python' && wrapper !== 'instrument') {
    out.push({
      field: 'wrapper',
      message: 'Python functions need the instrument wrapper (/opt/otel-instrument)',
    });
  }
  return out;
}

/** The layer version ARN for a function (Region-specific for the AWS-published layers). */
export function adotLayerArn(fn: lambda.IFunction, spec: AdotSpec): string {
  if (spec.layerArn) return spec.layerArn;
  const kind = KINDS[spec.layer!];
  const version = adotVersions(spec.layer!).get(spec.version ?? 'latest')!;
  return kind.layer(version as never)._bind(fn).arn;
}

const FAMILY: Record<Exclude<AdotRuntime, 'any'>, lambda.RuntimeFamily> = {
  nodejs: lambda.RuntimeFamily.NODEJS,
  python: lambda.RuntimeFamily.PYTHON,
  java: lambda.RuntimeFamily.JAVA,
};

/** Whether a function of this runtime gets the layer of this spec. Container images never do. */
export function adotServes(spec: AdotSpec, runtime: lambda.Runtime): boolean {
  if (runtime === lambda.Runtime.FROM_IMAGE || runtime.family === undefined) return false;
  const target = adotTarget(spec).runtime;
  return target === 'any' || runtime.family === FAMILY[target];
}
