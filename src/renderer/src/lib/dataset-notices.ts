import type { Notice } from '../../../shared/api';

/**
 * The import notices to show on the dataset page, each once and in words: a column is named after the message
 * only when the message does not name it already, and the warning about an unusable target goes once another
 * target is chosen (it was about that column).
 */
export function visibleNotices(notices: readonly Notice[], draftTarget: string | null): { key: string; text: string }[] {
  const seen = new Set<string>();
  return notices.flatMap((n) => {
    if (n.code === 'unusable-target' && n.column !== draftTarget) return [];
    const names = n.column && !n.message.includes(n.column);
    const text = names ? `${n.message} (column “${n.column}”)` : n.message;
    if (seen.has(text)) return [];
    seen.add(text);
    return [{ key: `${n.code}:${n.column ?? ''}`, text }];
  });
}
