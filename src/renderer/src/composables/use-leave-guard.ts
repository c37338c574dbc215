import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router';

/**
 * Unsaved edits are never lost silently: leaving the page (another screen, another item on the same screen, a
 * reload or closing the tab) while `dirty` asks first. `what` names the edits ("changes to this dataset").
 */
export function useLeaveGuard(dirty: Ref<boolean>, what: string): { mayDiscard: () => boolean } {
  /** Whether the edits may go (none, or the person says so): for replacing them in place, e.g. by a template. */
  const mayDiscard = (): boolean => !dirty.value || window.confirm(`Discard your unsaved ${what}? They will be lost.`);
  const stay = (): boolean => !mayDiscard();
  onBeforeRouteLeave(() => !stay());
  onBeforeRouteUpdate(() => !stay());
  const onUnload = (e: BeforeUnloadEvent): void => {
    if (dirty.value) e.preventDefault();
  };
  onMounted(() => window.addEventListener('beforeunload', onUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload));
  return { mayDiscard };
}
