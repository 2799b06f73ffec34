import { Body, Controller, Get, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiNoContentResponse, ApiOkResponse } from '../common/openapi';
import { LoginResponse, PublicUserView } from './auth.responses';
import { Ctx, type AuthUser, type RequestContext } from '../common/request-context';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { Allow, Public } from './decorators';
import { LocalAuthGuard } from './guards';
import { LoginBodyGuard, LoginRateLimitGuard } from './login-guards';
import { OWN_PASSWORD, type OwnPasswordChange } from './own-password';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(OWN_PASSWORD) private readonly users: OwnPasswordChange) {}

  @Public()
  @UseGuards(LoginRateLimitGuard, LoginBodyGuard, LocalAuthGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in: 200 {accessToken, user}; 401 bad credentials; 423 locked; 429 too many attempts',
  })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(['auth'], {
    400: 'username or password missing or malformed',
    401: 'wrong username or password, or a disabled user',
    423: 'locked after repeated failures',
    429: 'too many attempts from this address',
  })
  login(@Req() req: { user: { accessToken: string; user: AuthUser } }) {
    const { accessToken, user } = req.user;
    return { accessToken, user: publicUser(user) };
  }

  @ApiBearerAuth()
  @Allow('self.read')
  @Get('me')
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ type: PublicUserView })
  me(@Ctx() ctx: RequestContext) {
    return publicUser(ctx.user);
  }

  @ApiBearerAuth()
  @Allow('self.read')
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change my password (policy applies); my other tokens stop working' })
  @ApiNoContentResponse({ description: 'changed' })
  @ApiErrors(['auth', 'org'], { 400: 'the current password is wrong, or the new one breaks the policy' })
  async changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(ctx, dto.currentPassword, dto.newPassword);
  }
}

function publicUser(u: AuthUser) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
  };
}
