import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/** FCL §6 / BCL §2.1: a `sid` with enough entropy that it cannot be guessed (256 bits). */
@Injectable()
export class SidGenerator {
  generate(): string {
    return randomBytes(32).toString('base64url');
  }
}
