/** Every `members.*` procedure, wrapped once. Mutations invalidate the `['members']` prefix. */
import type { RouterInputs, RouterOutputs } from '@phoenix4ge/api/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { Accessor } from 'solid-js';
import { trpc } from '../lib/trpc';

export type Member = RouterOutputs['members']['list'][number];
type AddMemberInput = RouterInputs['members']['add'];
type SetRoleInput = RouterInputs['members']['setRole'];
type RemoveMemberInput = RouterInputs['members']['remove'];

export const membersKeys = {
  all: ['members'] as const,
  list: (modelSlug: string) => ['members', 'list', { modelSlug }] as const,
};

export function useMembers(modelSlug: Accessor<string>) {
  return useQuery(() => ({
    queryKey: membersKeys.list(modelSlug()),
    queryFn: () => trpc.members.list.query({ modelSlug: modelSlug() }),
  }));
}

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['members', 'add', null] as const,
    mutationFn: (input: AddMemberInput) => trpc.members.add.mutate(input),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: membersKeys.all });
      // A new user may have been created along the way.
      if (result.userCreated) await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  }));
}

export function useSetMemberRole() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['members', 'setRole', null] as const,
    mutationFn: (input: SetRoleInput) => trpc.members.setRole.mutate(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKeys.all }),
  }));
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation(() => ({
    mutationKey: ['members', 'remove', null] as const,
    mutationFn: (input: RemoveMemberInput) => trpc.members.remove.mutate(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: membersKeys.all }),
  }));
}
