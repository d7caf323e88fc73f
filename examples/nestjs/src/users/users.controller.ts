/**
 * The users resource: POST /users, GET /users/:id, DELETE /users/:id.
 */

import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { type NewUser, type User, UsersService } from './users.service.js';

/** HTTP routes of the users resource. */
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  /** Creates a user from `{ name, email, id? }`: 201, 400 on a bad body, 409 when the id exists. */
  @Post()
  create(@Body() body: unknown): Promise<User> {
    return this.users.create(parseNewUser(body));
  }

  /** 200 with the user, or 404. */
  @Get(':id')
  get(@Param('id') id: string): Promise<User> {
    return this.users.get(id);
  }

  /** 204, or 404 when there was no such user. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    if (!(await this.users.remove(id))) throw new NotFoundException(`no user ${id}`);
  }
}

// A few hand-written checks keep the example free of a validation library.
function parseNewUser(body: unknown): NewUser {
  if (typeof body !== 'object' || body === null) throw new BadRequestException('expected a JSON object');
  const { id, name, email } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') throw new BadRequestException('name: expected a non-empty string');
  if (typeof email !== 'string' || !email.includes('@')) throw new BadRequestException('email: expected an e-mail address');
  if (id !== undefined && (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id))) {
    throw new BadRequestException('id: expected up to 64 letters, digits, "_" or "-"');
  }
  return { id, name, email };
}
