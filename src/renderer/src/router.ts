import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { api } from './api/client';

// Hash history: the page is a file under Electron and a single static file on the browser host.
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/datasets' },
  { path: '/datasets', name: 'datasets', component: () => import('./views/DatasetsView.vue'), meta: { title: 'Datasets' } },
  { path: '/datasets/:id', name: 'dataset', component: () => import('./views/DatasetView.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { title: 'Dataset' } },
  { path: '/models', name: 'models', component: () => import('./views/DesignerView.vue'), meta: { title: 'Model designer' } },
  { path: '/models/:id', name: 'model', component: () => import('./views/DesignerView.vue'), meta: { title: 'Model designer' } },
  { path: '/train', name: 'train', component: () => import('./views/TrainView.vue'), meta: { title: 'Train' } },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue'), meta: { title: 'Runs' } },
  { path: '/runs/:id', name: 'run', component: () => import('./views/RunView.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { title: 'Run' } },
  { path: '/studies', name: 'studies', component: () => import('./views/StudiesView.vue'), meta: { title: 'Studies' } },
  { path: '/studies/:id', name: 'study', component: () => import('./views/StudyView.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { title: 'Study' } },
  { path: '/compare', name: 'compare', component: () => import('./views/CompareView.vue'), meta: { title: 'Compare' } },
  { path: '/predict', name: 'predict', component: () => import('./views/PredictView.vue'), meta: { title: 'Predict' } },
  { path: '/settings', name: 'settings', component: () => import('./views/SettingsView.vue'), meta: { title: 'Settings' } },
  { path: '/:pathMatch(.*)*', redirect: '/datasets' },
];

export const router = createRouter({ history: createWebHashHistory(), routes });

router.afterEach((to) => {
  document.title = `${(to.meta.title as string | undefined) ?? 'Neural Workbench'} · Neural Workbench`;
});

// A screen whose code cannot be loaded almost always means the server is gone: one call lets the connection
// banner say so instead of the click doing nothing.
router.onError(() => { void api().call('app.info', {}); });
