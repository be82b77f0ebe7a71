import { Injectable } from '@nestjs/common';
import { generateSid } from 'nestjs-backchannel-logout';

/** FCL §6 / BCL §2.1: the library's `sid` generator (enough entropy that a sid cannot be guessed). */
@Injectable()
export class SidGenerator {
  generate(): string {
    return generateSid();
  }
}
