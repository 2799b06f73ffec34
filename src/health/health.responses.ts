import { EnumProperty } from '../common/openapi';

/** The health answer in the OpenAPI document (issue 13, item 7). */
export class HealthView {
  @EnumProperty(['ok', 'degraded'])
  status: string;
  @EnumProperty(['up', 'down'])
  database: string;
}
