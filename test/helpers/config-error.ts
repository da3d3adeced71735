import { ConfigError } from '../../lib/config/errors';
import { modelFromText } from '../../lib/config/load';

/** The message of the ConfigError a config text gives; fails the test if there is none or it spans lines. */
export function configErrorOf(text: string): string {
  try {
    modelFromText(text, 'telemetry.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a config error');
}
