// Preloaded into the service by `npm run bench` when BENCH_CPU_PROF=<dir> is set
// (`node --require dist/bench/cpu-profile.js dist/src/main.js`): samples the CPU from start
// and, whenever the bench writes <dir>/cut-<pid> containing a name, writes the profile since
// the previous cut to <dir>/<name>.cpuprofile. A file, not a signal: Nest's shutdown hooks
// take SIGUSR2 and the other usual ones. The profile opens in Chrome DevTools;
// `node dist/bench/profile-summary.js <file>` prints the top functions. Unlike --cpu-prof it
// does not depend on how the process exits.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  const start = () =>
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 250 }, () => session.post('Profiler.start')),
    );
  start();
  const cutFile = join(dir, `cut-${process.pid}`);
  setInterval(() => {
    if (!existsSync(cutFile)) return;
    const name = readFileSync(cutFile, 'utf8').trim() || `profile-${process.pid}-${Date.now()}`;
    unlinkSync(cutFile);
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(result.profile));
      start();
    });
  }, 200).unref();
}
