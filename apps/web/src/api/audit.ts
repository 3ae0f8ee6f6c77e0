/**
 * `audit.list` and `security.list` (admin only): newest first, paged with `nextCursor` ("Load more").
 * The filter object is part of the query key, so changing a filter starts a fresh list.
 */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import { useInfiniteQuery } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';

export type AuditEntry = RouterOutputs['audit']['list']['items'][number];
export type SecurityEvent = RouterOutputs['security']['list']['items'][number];
export type AuditFilter = Omit<RouterInputs['audit']['list'], 'cursor' | 'limit'>;
export type SecurityFilter = Omit<RouterInputs['security']['list'], 'cursor' | 'limit'>;

const PAGE_SIZE = 50;

export const auditKeys = {
  list: (filter: AuditFilter) => ['audit', 'list', filter] as const,
  security: (filter: SecurityFilter) => ['security', 'list', filter] as const,
};

export function useAuditLog(filter: Accessor<AuditFilter>) {
  return useInfiniteQuery(() => ({
    queryKey: auditKeys.list(filter()),
    queryFn: ({ pageParam }) =>
      trpc.audit.list.query({ ...filter(), limit: PAGE_SIZE, cursor: pageParam ?? undefined }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
  }));
}

export function useSecurityEvents(filter: Accessor<SecurityFilter>) {
  return useInfiniteQuery(() => ({
    queryKey: auditKeys.security(filter()),
    queryFn: ({ pageParam }) =>
      trpc.security.list.query({ ...filter(), limit: PAGE_SIZE, cursor: pageParam ?? undefined }),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextCursor,
  }));
}
