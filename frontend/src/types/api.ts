import type { components } from '@/types/api.gen';

/** The API's named schemas (generated from the OpenAPI schema in api.gen.ts). */
export type Schemas = components['schemas'];

export type Role = Schemas['RoleEnum'];

/** Every list answers this page shape. */
export type Page<T> = {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
};
