/** LoadState's `gone`: what does not exist (any more), said the same way on every screen, and the list to go back to. */
export const goneState = (thing: string, to: string, label: string) => ({ message: `${thing} does not exist: it was deleted, or the link is wrong.`, to, label });
