import { Body, Controller, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiErrors, ApiOkResponse } from '../common/openapi';
import { DepartmentView, RoleGrantsView, UserPage, UserView } from './org.responses';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { DepartmentsService } from './departments.service';
import { CreateDepartmentDto, CreateUserDto, UpdateUserDto } from './org.dto';
import { UsersService } from './users.service';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller()
export class OrgController {
  constructor(
    @Inject(DepartmentsService) private readonly departments: DepartmentsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  @Allow('org.manage')
  @Post('departments')
  @ApiOperation({ summary: 'Create a department (admin): bureau → unit → department' })
  @ApiCreatedResponse({ type: DepartmentView })
  @ApiErrors(['org'], {
    400: 'a field is malformed, or the parent does not fit the kind',
    404: 'no such parent department',
    409: 'the code is taken',
  })
  createDepartment(@Ctx() ctx: RequestContext, @Body() dto: CreateDepartmentDto) {
    return this.departments.create(ctx, dto);
  }

  @Allow('org.read')
  @Get('departments')
  @ApiOperation({ summary: 'The department tree as a list ordered by path (any user)' })
  @ApiOkResponse({ type: [DepartmentView] })
  listDepartments() {
    return this.departments.list();
  }

  @Allow('org.manage')
  @Post('users')
  @ApiOperation({ summary: 'Create a user (admin); weak password → 400 naming the rule' })
  @ApiCreatedResponse({ type: UserView })
  @ApiErrors(['org', 'auth'], {
    400: 'a field is malformed, or the password breaks the policy',
    404: 'no such department in your scope',
    409: 'the username is taken',
  })
  createUser(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.users.create(ctx, dto);
  }

  @Allow('org.manage')
  @Get('users')
  @ApiOperation({ summary: "Users of the admin's bureau (admin)" })
  @ApiOkResponse({ type: UserPage })
  listUsers(@Ctx() ctx: RequestContext) {
    return this.users.list(ctx);
  }

  @Allow('org.manage')
  @Get('users/grants')
  @ApiOperation({
    summary:
      'The roles you may give a user in each department of your scope, by the role-grant policy: {items:[{departmentId, roles}]} (admin)',
  })
  @ApiOkResponse({ type: RoleGrantsView })
  grants(@Ctx() ctx: RequestContext) {
    return this.users.grants(ctx);
  }

  @Allow('org.manage')
  @Patch('users/:id')
  @ApiOperation({ summary: 'Change roles, department, disabled, display name or password (admin)' })
  @ApiOkResponse({ type: UserView, description: 'the user as saved' })
  @ApiErrors(['org', 'auth'], {
    400: 'a field is malformed, or the password breaks the policy',
    404: 'no such user or department in your scope',
  })
  updateUser(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(ctx, parseId(id, 'id'), dto);
  }
}
