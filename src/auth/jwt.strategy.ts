import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AppConfig } from '../../config/defaults';
import type { AuthUser } from '../common/request-context';
import { APP_CONFIG } from '../config/app-config';
import { AuthService, type JwtPayload } from './auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxLifetimeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken tries to parse it as a public key on every
      // request (0.7 ms each, measured by the benchmark).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
    this.maxLifetimeSeconds = config.jwtExpiresInSeconds;
  }

  async validate(payload: JwtPayload & { iat?: unknown; exp?: unknown }): Promise<AuthUser> {
    if (typeof payload?.sub !== 'number' || typeof payload?.tv !== 'number')
      throw new UnauthorizedException('invalid token');
    // jsonwebtoken checks `exp` only when a token has one: a token signed with the secret
    // without it (or with years of life) would never end. Ours carry both, `exp - iat` being
    // the configured lifetime; an `iat` ahead of this clock by more than a minute is forged.
    const { iat, exp } = payload;
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      exp - iat > this.maxLifetimeSeconds ||
      iat > Date.now() / 1000 + 60
    ) {
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'invalid token: it has no expiry, or a longer life than this service gives; log in again',
        code: 'TOKEN_LIFETIME',
      });
    }
    const user = await this.auth.loadAuthUser(payload.sub, payload.tv);
    if (!user) throw new UnauthorizedException('this session is no longer valid; log in again');
    return user;
  }
}
