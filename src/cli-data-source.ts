// The data source of the TypeORM CLI (`npm run migration:run` / `migration:revert`).
// A CLI data-source file may export exactly one DataSource, so it lives apart from the builder.
import { DataSource } from 'typeorm';
import { loadConfig } from './config/app-config';
import { buildDataSourceOptions } from './data-source';

export default new DataSource(buildDataSourceOptions(loadConfig()));
