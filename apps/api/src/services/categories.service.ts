import type { CategoriesRepository, Category, Model } from '@phoenix4ge/db';
import { isDuplicateKeyError } from '@phoenix4ge/db';
import type { CategoryView } from '@phoenix4ge/shared';
import { EventName } from '@phoenix4ge/shared';
import type { Events } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';

/** A model's categories: unique names, `#rrggbb` colours, a manual order; deleting one never deletes media. */
export function createCategoriesService(deps: { categories: CategoriesRepository; events: Events }) {
  const { categories } = deps;

  /** The category, when it is the model's: another model's is FORBIDDEN, a missing one NOT_FOUND. */
  async function own(model: Model, id: number): Promise<Category> {
    const category = await categories.byId(id);
    if (!category) throw new TRPCError({ code: 'NOT_FOUND', message: `No category ${id}` });
    if (category.modelId !== model.id) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Category ${id} is not a category of ${model.slug}`,
      });
    }
    return category;
  }

  const taken = (name: string) =>
    new TRPCError({ code: 'CONFLICT', message: `name: "${name}" is already a category of this model` });

  function changed(model: Model) {
    deps.events.publish(EventName.LibraryChanged, { modelId: model.id, change: 'categories', count: 1 });
  }

  async function view(model: Model, id: number): Promise<CategoryView> {
    const found = (await categories.list(model.id)).find((category) => category.id === id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No category ${id}` });
    return found;
  }

  return {
    own,
    list: (model: Model) => categories.list(model.id),

    async create(model: Model, input: { name: string; color?: string }): Promise<CategoryView> {
      try {
        const id = await categories.create(model.id, input);
        changed(model);
        return view(model, id);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw taken(input.name);
        throw error;
      }
    },

    async update(model: Model, input: { id: number; name?: string; color?: string }): Promise<CategoryView> {
      await own(model, input.id);
      try {
        await categories.update(input.id, { name: input.name, color: input.color });
      } catch (error) {
        if (isDuplicateKeyError(error) && input.name) throw taken(input.name);
        throw error;
      }
      changed(model);
      return view(model, input.id);
    },

    /** The new order: every category of the model, each once (dragging one moves it; the client sends all). */
    async reorder(model: Model, ids: number[]): Promise<CategoryView[]> {
      const all = await categories.idsOf(model.id);
      const foreign = ids.filter((id) => !all.includes(id));
      if (foreign.length > 0) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `ids: ${foreign.join(', ')} are not categories of ${model.slug}`,
        });
      }
      if (new Set(ids).size !== ids.length || ids.length !== all.length) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'ids: name every category of the model once' });
      }
      await categories.reorder(model.id, ids);
      changed(model);
      return categories.list(model.id);
    },

    /** Deletes the category; its items become uncategorised (never deleted). Returns how many items moved. */
    async delete(model: Model, id: number): Promise<{ id: number; uncategorised: number }> {
      await own(model, id);
      const uncategorised = await categories.delete(id);
      changed(model);
      return { id, uncategorised };
    },
  };
}

export type CategoriesService = ReturnType<typeof createCategoriesService>;
