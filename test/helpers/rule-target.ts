/** An EventBridge rule target with an input transformer, as synthesized. */
export interface RuleTarget {
  readonly Arn: unknown;
  readonly Id: string;
  readonly InputTransformer: {
    readonly InputPathsMap: Record<string, string>;
    readonly InputTemplate: string;
  };
}

/** The message of an input template, parsed: placeholders in value position become strings. */
export const parseInputTemplate = (template: string) =>
  JSON.parse(template.replace(/:<([\w-]+)>/g, ':"$1"')) as { content: Record<string, unknown> } & Record<
    string,
    unknown
  >;
