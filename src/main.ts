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
  serveDocs(app);
  await serveConsole(app);
  await app.listen({ port: config.port, host: process.env.HOST ?? '0.0.0.0' });
  if (config.jwtSecretGenerated) {
    console.warn(
      'WARNING: JWT_SECRET is not set: using a random secret; tokens end when the service restarts, and instances do not share them.',
    );
  }
  console.log(
    `performance-declarations listening on http://localhost:${config.port} (API docs: http://localhost:${config.port}/api/docs)`,
  );
}

void main();
