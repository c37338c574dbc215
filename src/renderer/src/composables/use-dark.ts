import { computed, ref, watchEffect, type Ref } from 'vue';
import type { Theme } from '../../../shared/api';

/** The chosen theme (Settings); `system` follows the operating system. */
export const themeChoice: Ref<Theme> = ref('system');
const systemDark = ref(false);
const dark = computed(() => themeChoice.value === 'dark' || (themeChoice.value === 'system' && systemDark.value));

/**
 * Follows the system's light/dark setting and marks <html data-theme> with the theme in effect, which the
 * stylesheet's colours key on. Called once at start-up.
 */
export function startTheme(win: Window = window): void {
  const query = win.matchMedia('(prefers-color-scheme: dark)');
  systemDark.value = query.matches;
  query.addEventListener('change', (e) => { systemDark.value = e.matches; });
  watchEffect(() => { win.document.documentElement.dataset.theme = dark.value ? 'dark' : 'light'; });
}

/** Whether the theme in effect is dark (charts pick their palette from it). */
export function useDark(): Readonly<Ref<boolean>> {
  return dark;
}
