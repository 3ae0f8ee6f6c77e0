/** Every `users.*` procedure (admin only), wrapped once. Mutations invalidate the `['users']` prefix. */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { trpc } from '../lib/trpc';

export type User = RouterOutputs['users']['list'][number];
type CreateUserInput = RouterInputs['users']['create'];
type UpdateUserInput = RouterInputs['users']['update'];

export const usersKeys = {
  all: ['users'] as const,
  list: ['users', 'list', null] as const,
};

export function useUsers() {
  return useQuery(() => ({
    queryKey: usersKeys.list,
    queryFn: () => trpc.users.list.query(),
  }));
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['users', 'create', null] as const,
    mutationFn: (input: CreateUserInput) => trpc.users.create.mutate(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKeys.all }),
  }));
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['users', 'update', null] as const,
    mutationFn: (input: UpdateUserInput) => trpc.users.update.mutate(input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: usersKeys.all });
      // Member lists show names and disabled users.
      await queryClient.invalidateQueries({ queryKey: ['members'] });
    },
  }));
}
