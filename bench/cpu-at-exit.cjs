/* global process */
// Preloaded by bench/review.ts into the command it times: prints the process's CPU time (user + system, from
// process start) to stderr at exit, a figure that other work on a busy machine disturbs far less than wall time.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${((user + system) / 1000).toFixed(0)}\n`);
});
