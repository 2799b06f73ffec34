import { createApp, serveDocs } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { serveConsole } from './console/serve-console';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await createApp(config);
  if (config.docsEnabled) serveDocs(app);
  await serveConsole(app);
  await app.listen({ port: config.port, host: config.host });
  if (config.jwtSecretGenerated) {
    console.warn(
      'WARNING: JWT_SECRET is not set: using a random secret; tokens end when the service restarts, and instances do not share them.',
    );
  }
  const shown = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${config.port}`;
  console.log(
    `performance-declarations listening on ${base}` +
      (config.docsEnabled ? ` (API docs: ${base}/api/docs)` : ' (API docs off: DOCS_ENABLED)'),
  );
}

void main();
