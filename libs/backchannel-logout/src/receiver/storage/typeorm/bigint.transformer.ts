import type { ValueTransformer } from 'typeorm';

/** PostgreSQL returns `bigint` as a string; the receiver's epoch times are safe JS integers. */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
