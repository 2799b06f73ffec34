import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const IS_PUBLIC = 'auth:public';
export const PERMISSION = 'auth:permission';

/** Opt out of authentication (login, health, docs). Everything else requires a token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The permission a route requires; a route without one is refused (deny by default). */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION, permission);
