import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import zhTW from 'antd/locale/zh_TW';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/zh-tw';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { AppRoutes } from './App';
import { SessionProvider } from './auth';
import { I18nProvider, useI18n } from './i18n';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Permission and not-found answers do not change by asking again.
      retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

const antdLocales = { 'zh-CN': zhCN, 'zh-TW': zhTW, en: enUS } as const;
const dayjsLocales = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' } as const;

function Themed() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(dayjsLocales[lang]);
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <ConfigProvider
      locale={antdLocales[lang]}
      theme={{ token: { colorPrimary: '#b7312c', borderRadius: 4 } }}
      componentSize="middle"
    >
      <AntApp>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <Themed />
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
