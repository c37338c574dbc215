import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Whether the system asks for a dark theme, kept current (charts pick their palette from it). */
export function useDark(): Ref<boolean> {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const dark = ref(query.matches);
  const onChange = (e: MediaQueryListEvent) => { dark.value = e.matches; };
  query.addEventListener('change', onChange);
  onBeforeUnmount(() => query.removeEventListener('change', onChange));
  return dark;
}
