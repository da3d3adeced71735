import { ConfigError } from '../../lib/config/errors';
import { modelFromText } from '../../lib/config/load';

/**
 * The message of the ConfigError a config text gives: one line per problem. Fails the test if there is no
 * error, or if a problem's line is not one printable line.
 */
export function configErrorOf(text: string): string {
  try {
    modelFromText(text, 'telemetry.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const error = e as ConfigError;
    for (const line of error.lines) {
      // eslint-disable-next-line no-control-regex -- the point is to find control characters
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(line.length).toBeLessThanOrEqual(1000);
    }
    expect(error.message).toBe(error.lines.join('\n'));
    return error.message;
  }
  throw new Error('expected a config error');
}
