import type { Actor } from '@doudi/domain';
import type { Config } from '../config.js';
import type { FieldCrypto } from '../crypto/fieldCrypto.js';
import type { Database } from '../db/connection.js';

/** The signed-in user of a request. */
export interface RequestUser extends Actor {
  username: string;
  displayName: string;
  sessionId: string;
  csrfToken: string;
}

/** What every module's routes and services receive. */
export interface AppContext {
  database: Database;
  config: Config;
  /** Encryption and blind index of ID numbers and phones. */
  crypto: FieldCrypto;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: RequestUser | null;
  }
}
