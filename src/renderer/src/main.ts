import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { startTheme } from './composables/use-dark';
import { router } from './router';
import './styles.css';

startTheme();
createApp(App).use(createPinia()).use(router).mount('#app');
