import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AuthService } from './auth.service';

/** passport-local: checks the credentials of POST /api/auth/login (lockout included). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: { id?: string; ip?: string }, username: string, password: string) {
    return this.auth.login(username, password, String(req.id ?? ''), req.ip ?? null);
  }
}
