export * from './fields.js';
export * from './region.js';
export * from './roles.js';
export * from './jurisdiction.js';
export * from './errors.js';
export * from './mask.js';
export * from './users.js';
export * from './audit.js';
