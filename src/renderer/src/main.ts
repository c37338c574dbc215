import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { THEME_KEY } from 'vue-echarts';
import App from './App.vue';
import { CHART_THEME } from './components/charts/echarts-setup';
import { startTheme } from './composables/use-dark';
import { router } from './router';
import './styles.css';

startTheme();
createApp(App).use(createPinia()).use(router).provide(THEME_KEY, CHART_THEME).mount('#app');
