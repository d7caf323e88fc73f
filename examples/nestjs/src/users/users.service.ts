/**
 * Users stored one record per user in `<namespace>.users`, keyed by id.
 */

import { randomUUID } from 'node:crypto';
import { type Client, ExistsAction } from '@aerospike-ts/core';
import { InjectAerospike } from '@aerospike-ts/nestjs';
import { Inject, Injectable } from '@nestjs/common';
import { APP_SETTINGS, type AppSettings } from '../settings.js';

/** A user as the API shows it. */
export interface User {
  id: string;
  name: string;
  email: string;
}

/** What creating a user takes; the id is generated when absent. */
export interface NewUser {
  id?: string;
  name: string;
  email: string;
}

const SET = 'users';

/** Reads and writes users. Aerospike errors propagate: the exception filter answers them. */
@Injectable()
export class UsersService {
  constructor(
    @InjectAerospike() private readonly client: Client,
    @Inject(APP_SETTINGS) private readonly settings: AppSettings,
  ) {}

  /** Creates a user; rejects with RecordExistsError (409) when the id is taken. */
  async create(input: NewUser): Promise<User> {
    const user: User = { id: input.id ?? randomUUID(), name: input.name, email: input.email };
    await this.client.put(this.key(user.id), { name: user.name, email: user.email }, { exists: ExistsAction.CREATE_ONLY });
    return user;
  }

  /** Reads a user; rejects with RecordNotFoundError (404) when missing. */
  async get(id: string): Promise<User> {
    const { bins } = await this.client.get(this.key(id), ['name', 'email']);
    return { id, name: String(bins.name), email: String(bins.email) };
  }

  /** Deletes a user; false when there was none. */
  remove(id: string): Promise<boolean> {
    return this.client.remove(this.key(id));
  }

  private key(id: string): [string, string, string] {
    return [this.settings.namespace, SET, id];
  }
}
