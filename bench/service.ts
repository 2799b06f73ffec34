// The service itself: start-up time (`startup`: three cold starts, the last instance stays)
// and its resident memory idle, logged in and under each load (`rss`).
import { mb, report, round, startService, type Service } from './harness';

export async function benchStartup(url: string): Promise<Service> {
  let a: Service | null = null;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { svc, ms } = await startService(url, 'a');
    times.push(ms);
    if (i < 2) await svc.stop();
    else a = svc;
  }
  const median = [...times].sort((x, y) => x - y)[1];
  report(
    'startup',
    { ms: round(median, 0), runs_ms: times.map((t) => round(t, 0)) },
    `${Math.round(median)} ms (runs ${times.map((t) => Math.round(t)).join(', ')} ms)`,
    {
      text: '≤ 2000 ms',
      met: median <= 2000,
    },
  );
  return a!;
}

/** The RSS figures: idle, after the logins, and the peaks of reads, transitions and export/verify. */
export function reportRss(
  svcA: Service,
  rss: { idle: number; loggedIn: number; reads: number; transitions: number },
  logins: number,
): void {
  const { idle: idleRss, loggedIn: loggedInRss, reads: readsRss, transitions: loadRss } = rss;
  const peakAll = Math.max(readsRss, loadRss, svcA.peakRssMb);
  report(
    'rss',
    {
      idle_mb: mb(idleRss),
      load_mb: mb(peakAll),
      logged_in_mb: mb(loggedInRss),
      reads_peak_mb: mb(readsRss),
      transitions_peak_mb: mb(loadRss),
      export_verify_peak_mb: mb(svcA.peakRssMb),
      end_mb: mb(svcA.rssMb()),
    },
    `idle ${mb(idleRss)} MB (after ${logins + 4} logins ${mb(loggedInRss)} MB); under load ${mb(peakAll)} MB peak (reads ${mb(readsRss)}, transitions ${mb(loadRss)}, CSV export and verify ${mb(svcA.peakRssMb)})`,
    { text: 'load ≤ 300 MB', met: peakAll <= 300 },
  );
}
