/** The CLI run in this process (`runCli`), as the tests call it: its exit code and what it printed (not a terminal). */
import { runCli, type CliIo } from '../../lib/tools/cli/program';

export async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), isTTY: false };
  const code = await runCli(argv, io);
  return { code, out, err };
}
