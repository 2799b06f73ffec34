import { ElMessage } from 'element-plus';
import { createApp } from 'vue';
import { connectApi } from './api/client';
import App from './App.vue';
import { useSession } from './composables/useSession';
import { loginRoute, router } from './router';
import './styles.css';

const session = useSession();

connectApi({
  token: () => session.token.value,
  unauthorized(error) {
    // The session ended under the user (expired, revoked, password changed elsewhere): back to
    // the login page, which returns here afterwards.
    session.clear();
    ElMessage.warning({ message: error.message, grouping: true, showClose: true });
    void router.push(loginRoute(router.currentRoute.value.fullPath));
  },
});

createApp(App).use(router).mount('#app');
