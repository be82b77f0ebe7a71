import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { DemoUser } from '../config/provider-config';
import { OidcUser } from './oidc-user.entity';
import { hashPassword, verifyPassword } from './password.util';

export type CredentialCheck =
  { ok: true; user: OidcUser } | { ok: false; reason: 'invalid' | 'disabled' };

// Verified against when the username is unknown, so both paths cost one scrypt.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword('not-a-real-password'));

@Injectable()
export class UserService {
  constructor(@InjectRepository(OidcUser) private readonly users: Repository<OidcUser>) {}

  findById(id: string): Promise<OidcUser | null> {
    return this.users.findOneBy({ id });
  }

  list(): Promise<OidcUser[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  async checkCredentials(username: string, password: string): Promise<CredentialCheck> {
    const user = await this.users.findOneBy({ username });
    const valid = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
    if (!user || !valid) return { ok: false, reason: 'invalid' };
    if (user.disabled) return { ok: false, reason: 'disabled' };
    return { ok: true, user };
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.users.update({ id }, { disabled });
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.users.update({ id }, { passwordHash: await hashPassword(password) });
  }

  async delete(id: string): Promise<void> {
    await this.users.delete({ id });
  }

  /** Creates the demo accounts that do not exist yet (existing ones, and their state, are kept). */
  async seed(demoUsers: DemoUser[]): Promise<void> {
    for (const demo of demoUsers) {
      if (await this.users.existsBy({ username: demo.username })) continue;
      await this.users.insert({
        id: randomUUID(),
        username: demo.username,
        passwordHash: await hashPassword(demo.password),
        name: demo.name,
        email: demo.email,
        disabled: false,
      });
    }
  }
}
