import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/defaults';
import { AuditService } from './audit/audit.service';
import { AuditWriteBatches } from './audit/audit-write-batches';
import { DeniedWrites, DeniedWritesInterceptor } from './audit/denied-writes';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { JwtAuthGuard, PermissionGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { LocalStrategy } from './auth/local.strategy';
import { LoginRateLimitGuard } from './auth/login-guards';
import { OWN_PASSWORD } from './auth/own-password';
import { GracefulShutdown } from './common/graceful-shutdown';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { APP_CONFIG } from './config/app-config';
import { buildDataSourceOptions } from './data-source';
import { Db } from './database/db.service';
import { runMigrationsOnce } from './database/migrate';
import { HealthController } from './health/health.controller';
import { BootstrapService } from './org/bootstrap.service';
import { DepartmentsService } from './org/departments.service';
import { OrgController } from './org/org.controller';
import { UsersService } from './org/users.service';
import { FEATURE_CONTROLLERS, FEATURE_PROVIDERS } from './features';

/** One module: features are folders, wired here; each service receives what it uses. */
@Module({})
export class AppModule {
  /**
   * `overrides` replace the providers of the same token (listed last, their binding wins): the
   * seam through which tests put in a service that fails on purpose.
   */
  static forRoot(config: AppConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PassportModule,
        JwtModule.register({
          secret: config.jwtSecret,
          signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
        }),
      ],
      controllers: [HealthController, AuthController, OrgController, ...FEATURE_CONTROLLERS],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: DataSource,
          useFactory: async () => {
            const ds = new DataSource(buildDataSourceOptions(config));
            await ds.initialize();
            await runMigrationsOnce(ds);
            return ds;
          },
        },
        Db,
        GracefulShutdown,
        AuditService,
        AuditWriteBatches,
        DeniedWrites,
        AuthService,
        JwtStrategy,
        LocalStrategy,
        LoginRateLimitGuard,
        DepartmentsService,
        UsersService,
        { provide: OWN_PASSWORD, useExisting: UsersService },
        BootstrapService,
        ...FEATURE_PROVIDERS,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        // A 403 on a write is a security event (issue 13 item 10).
        { provide: APP_INTERCEPTOR, useClass: DeniedWritesInterceptor },
        ...overrides,
      ],
    };
  }
}
