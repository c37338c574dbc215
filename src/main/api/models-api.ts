import { validateModelSpec } from '../../engine/catalog/model-spec';
import type { ModelRecord } from '../db/models-repo';
import type { ModelView } from '../../shared/api';
import { ApiError } from './api-error';
import type { ApiContext, Handlers } from './api-context';

type ModelHandlers = Pick<Handlers, 'models.list' | 'models.get' | 'models.create' | 'models.update' | 'models.delete'>;

const modelView = (m: ModelRecord): ModelView => ({ id: m.id, name: m.name, spec: m.spec, createdAt: m.createdAt, updatedAt: m.updatedAt });

/** Specs are validated against the layer catalog (INVALID_MODEL with the layer index) and stored normalised. */
export function modelHandlers(ctx: ApiContext): ModelHandlers {
  const { models } = ctx.store;
  return {
    'models.list': () => models.list().map(modelView),
    'models.get': ({ id }) => {
      const model = models.get(id);
      if (!model) throw new ApiError('NOT_FOUND', `model ${id} does not exist`, { field: 'id' });
      return modelView(model);
    },
    'models.create': ({ name, spec }) => modelView(models.create(name, validateModelSpec(spec))),
    'models.update': ({ id, name, spec }) =>
      modelView(models.update(id, { ...(name !== undefined ? { name } : {}), ...(spec !== undefined ? { spec: validateModelSpec(spec) } : {}) })),
    'models.delete': ({ id }) => {
      models.delete(id);
      return { deleted: true };
    },
  };
}
