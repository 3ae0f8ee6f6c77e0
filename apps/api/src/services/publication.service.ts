import type { Model, Repositories } from '@phoenix4ge/db';
import type { LibraryItem, MovePublicOrder, PublicationWindow } from '@phoenix4ge/shared';
import { EventName, PUBLIC_ORDER_MAX } from '@phoenix4ge/shared';
import type { Events } from '@phoenix4ge/shared/node';
import { TRPCError } from '@trpc/server';
import type { LibraryService } from './library.service';

export interface PublicationServiceDeps {
  repositories: Pick<Repositories, 'media' | 'categories' | 'outbox'>;
  library: Pick<LibraryService, 'item' | 'items'>;
  events: Events;
}

const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/**
 * What an editor decides about the public site beyond moderation: an item's publication window and a category's
 * manual public order. Each change is announced as a media event, which also bumps the model's publication version
 * (event-bus.ts), so the cached public gallery changes at once; tokens of items that stop being public die in the
 * change's transaction.
 */
export function createPublicationService(deps: PublicationServiceDeps) {
  const { media, categories, outbox } = deps.repositories;

  async function ownItem(model: Model, id: number) {
    const [row] = await media.byIds([id]);
    if (!row || row.modelId !== model.id) {
      throw row
        ? forbidden(`Media ${id} is not in ${model.slug}`)
        : new TRPCError({ code: 'NOT_FOUND', message: `No media ${id}` });
    }
    return row;
  }

  async function ownCategory(model: Model, categoryId: number) {
    if (!(await categories.belongsTo(categoryId, model.id))) {
      throw forbidden(`categoryId: ${categoryId} is not a category of ${model.slug}`);
    }
  }

  return {
    /** Sets one item's window (either bound null); answers the item as it is now. */
    async setWindow(model: Model, id: number, window: PublicationWindow): Promise<LibraryItem> {
      await ownItem(model, id);
      // One transaction: the window and the revocation of the tokens it ends.
      await outbox.commit(
        (tx) => media.setWindow([id], window, tx),
        () => [],
      );
      deps.events.mediaChanged(model.id, id, 'updated');
      return deps.library.item(model, id);
    },

    /** A category's items (not in the trash) in their public order, at most PUBLIC_ORDER_MAX. */
    async order(model: Model, categoryId: number): Promise<{ items: LibraryItem[]; complete: boolean }> {
      await ownCategory(model, categoryId);
      const ids = await media.publicOrderIds(model.id, categoryId, PUBLIC_ORDER_MAX + 1);
      return {
        items: await deps.library.items(model, ids.slice(0, PUBLIC_ORDER_MAX)),
        complete: ids.length <= PUBLIC_ORDER_MAX,
      };
    },

    /**
     * Moves one item before another in its category's public order (see media.repository `moveInPublicOrder`);
     * CONFLICT when either is not in the category any more. Answers the ids in their new order.
     */
    async move(model: Model, input: MovePublicOrder): Promise<{ ids: number[] }> {
      await ownCategory(model, input.categoryId);
      await ownItem(model, input.id);
      if (input.beforeId !== null) await ownItem(model, input.beforeId);
      if (input.beforeId === input.id)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'beforeId: not itself' });
      const changed = await media.moveInPublicOrder(model.id, input.categoryId, input.id, input.beforeId);
      if (changed === 'missing') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'The item or its neighbour is no longer in this category; reload the order',
        });
      }
      if (changed.length > 0) {
        deps.events.publish(EventName.LibraryChanged, {
          modelId: model.id,
          change: 'order',
          count: changed.length,
        });
      }
      return { ids: await media.publicOrderIds(model.id, input.categoryId, PUBLIC_ORDER_MAX) };
    },
  };
}

export type PublicationService = ReturnType<typeof createPublicationService>;
