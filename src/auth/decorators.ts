import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from './permissions';

export const IS_PUBLIC = 'auth:public';
export const PERMISSION = 'auth:permission';

/** Opt out of authentication (login, health, docs). Everything else requires a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The permission a route requires; a route without one is refused (deny by default). The
 * roles that hold it are written into the OpenAPI document (`x-roles`), from the one map.
 */
export const Allow = (permission: Permission) =>
  applyDecorators(
    SetMetadata(PERMISSION, permission),
    ApiExtension('x-permission', permission),
    ApiExtension('x-roles', [...PERMISSIONS[permission]]),
    ApiUnauthorizedResponse({ description: 'no valid bearer token' }),
    ApiForbiddenResponse({ description: `roles allowed: ${PERMISSIONS[permission].join(', ')}` }),
  );
