import type { Provider, Type } from '@nestjs/common';

/** The business features' controllers and services, registered in AppModule. */
export const FEATURE_CONTROLLERS: Type[] = [];
export const FEATURE_PROVIDERS: Provider[] = [];
